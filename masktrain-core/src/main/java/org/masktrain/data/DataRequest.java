package org.masktrain.data;

import java.nio.file.Path;
import org.masktrain.InvalidInputException;

/**
 * A request to {@link DataLoader#load}: the data source and how to read it. Build one with
 * {@link #builder()}, which declares every default once.
 *
 * @param location {@value #EMBEDDED} for the Fashion-MNIST subset shipped in the jar, or the path
 *     of a directory of Fashion-MNIST IDX files, an IDX images file, an {@code .npz} archive, an
 *     {@code .npy} features file or a {@code .csv} file
 * @param maxSamples the maximum number of samples to load, taken from the start of the source
 * @param targetMode how targets become the matrix Y
 * @param featuresKey the array name of the features in an {@code .npz} archive
 * @param targetsKey the array name of the targets in an {@code .npz} archive
 * @param targetsPath a separate targets file (.npy, .csv, .npz or IDX labels), or {@code null};
 *     required for an {@code .npy} features file, and when given for a CSV file, every CSV
 *     column is a feature
 * @param csvTargetColumns how many trailing CSV columns are targets
 * @param sourceSplit which Fashion-MNIST files to read from a directory
 */
public record DataRequest(
        String location,
        int maxSamples,
        TargetMode targetMode,
        String featuresKey,
        String targetsKey,
        Path targetsPath,
        int csvTargetColumns,
        SourceSplit sourceSplit) {

    /** The location that selects the embedded Fashion-MNIST subset. */
    public static final String EMBEDDED = "embedded";
    /**
     * Default for {@link #maxSamples}: n = 1000, as in the Figure 2 experiments of Liao and
     * Kyrillidis, "On the Convergence of Shallow Neural Network Training with Randomly Masked
     * Neurons" (arXiv:2112.02668).
     */
    public static final int DEFAULT_MAX_SAMPLES = 1000;
    /** Default for {@link #featuresKey}. */
    public static final String DEFAULT_FEATURES_KEY = "features";
    /** Default for {@link #targetsKey}. */
    public static final String DEFAULT_TARGETS_KEY = "labels";
    /** Default for {@link #csvTargetColumns}. */
    public static final int DEFAULT_CSV_TARGET_COLUMNS = 1;

    /**
     * Validates the request.
     *
     * @throws InvalidInputException when a value is out of range or missing
     */
    public DataRequest {
        if (location == null || location.isBlank()) {
            throw new InvalidInputException("--data must name a file or directory, or be '"
                    + EMBEDDED + "', got an empty value");
        }
        if (maxSamples < 1) {
            throw new InvalidInputException("--samples must be >= 1, got " + maxSamples);
        }
        if (targetMode == null) {
            throw new InvalidInputException("target mode must be one of AUTO, ONEHOT, RAW");
        }
        if (featuresKey == null || featuresKey.isBlank()) {
            throw new InvalidInputException("--features-key must not be empty");
        }
        if (targetsKey == null || targetsKey.isBlank()) {
            throw new InvalidInputException("--targets-key must not be empty");
        }
        if (csvTargetColumns < 1) {
            throw new InvalidInputException(
                    "--csv-target-columns must be >= 1, got " + csvTargetColumns);
        }
        if (sourceSplit == null) {
            throw new InvalidInputException("source split must be TRAIN or TEST");
        }
    }

    /** Returns whether the request selects the embedded Fashion-MNIST subset. */
    public boolean isEmbedded() {
        return EMBEDDED.equals(location);
    }

    /** Returns a builder preset with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a request with every default: the embedded subset, up to 1000 samples. */
    public static DataRequest defaults() {
        return builder().build();
    }

    /** Builder for {@link DataRequest}; {@link #build()} validates. */
    public static final class Builder {

        private String location = EMBEDDED;
        private int maxSamples = DEFAULT_MAX_SAMPLES;
        private TargetMode targetMode = TargetMode.AUTO;
        private String featuresKey = DEFAULT_FEATURES_KEY;
        private String targetsKey = DEFAULT_TARGETS_KEY;
        private Path targetsPath;
        private int csvTargetColumns = DEFAULT_CSV_TARGET_COLUMNS;
        private SourceSplit sourceSplit = SourceSplit.TRAIN;

        private Builder() {
        }

        /** Sets the location; see {@link DataRequest#location()}. */
        public Builder location(String value) {
            this.location = value;
            return this;
        }

        /** Sets the location to a path. */
        public Builder location(Path value) {
            this.location = value.toString();
            return this;
        }

        /** Sets the maximum number of samples, at least 1. */
        public Builder maxSamples(int value) {
            this.maxSamples = value;
            return this;
        }

        /** Sets how targets are encoded. */
        public Builder targetMode(TargetMode value) {
            this.targetMode = value;
            return this;
        }

        /** Sets the {@code .npz} array name of the features. */
        public Builder featuresKey(String value) {
            this.featuresKey = value;
            return this;
        }

        /** Sets the {@code .npz} array name of the targets. */
        public Builder targetsKey(String value) {
            this.targetsKey = value;
            return this;
        }

        /** Sets a separate targets file, or {@code null} for none. */
        public Builder targetsPath(Path value) {
            this.targetsPath = value;
            return this;
        }

        /** Sets how many trailing CSV columns are targets, at least 1. */
        public Builder csvTargetColumns(int value) {
            this.csvTargetColumns = value;
            return this;
        }

        /** Sets which Fashion-MNIST files a directory location reads. */
        public Builder sourceSplit(SourceSplit value) {
            this.sourceSplit = value;
            return this;
        }

        /**
         * Builds the request.
         *
         * @throws InvalidInputException when a value is out of range
         */
        public DataRequest build() {
            return new DataRequest(location, maxSamples, targetMode, featuresKey, targetsKey,
                    targetsPath, csvTargetColumns, sourceSplit);
        }
    }
}
