package org.masktrain.data;

import org.masktrain.InvalidInputException;

/**
 * Options of {@link Preprocessor}. Build them with {@link #builder()}, which declares every
 * default once.
 *
 * @param normalizeRows whether to scale every row of X to unit L2 norm, as the theory assumes
 * @param scaleTargets whether to divide Y by max |Y| over the training part
 * @param dropZeroRows whether to drop rows whose features are all zero instead of rejecting them
 * @param dropDuplicates whether to keep only the first row of each group of duplicate or
 *     co-aligned rows
 * @param duplicateTolerance rows i and j count as co-aligned when
 *     {@code |cos(x_i, x_j)| >= 1 - duplicateTolerance}; in [0, 1)
 * @param testFraction the share of samples held out for testing; in [0, 1)
 */
public record PreprocessOptions(
        boolean normalizeRows,
        boolean scaleTargets,
        boolean dropZeroRows,
        boolean dropDuplicates,
        double duplicateTolerance,
        double testFraction) {

    /** Default for {@link #duplicateTolerance}. */
    public static final double DEFAULT_DUPLICATE_TOLERANCE = 1e-9;
    /** Default for {@link #testFraction}: no held-out part. */
    public static final double DEFAULT_TEST_FRACTION = 0.0;

    /**
     * Validates the options; the range checks are written so that NaN fails them.
     *
     * @throws InvalidInputException when a value is out of range
     */
    public PreprocessOptions {
        if (!(duplicateTolerance >= 0 && duplicateTolerance < 1)) {
            throw new InvalidInputException(
                    "--duplicate-tolerance must be in [0, 1), got " + duplicateTolerance);
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new InvalidInputException(
                    "--test-fraction must be in [0, 1), got " + testFraction);
        }
    }

    /** Returns the options with every default. */
    public static PreprocessOptions defaults() {
        return builder().build();
    }

    /** Returns a builder preset with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link PreprocessOptions}; {@link #build()} validates. */
    public static final class Builder {

        private boolean normalizeRows = true;
        private boolean scaleTargets = true;
        private boolean dropZeroRows = false;
        private boolean dropDuplicates = false;
        private double duplicateTolerance = DEFAULT_DUPLICATE_TOLERANCE;
        private double testFraction = DEFAULT_TEST_FRACTION;

        private Builder() {
        }

        /** Sets whether rows are scaled to unit L2 norm. */
        public Builder normalizeRows(boolean value) {
            this.normalizeRows = value;
            return this;
        }

        /** Sets whether targets are divided by max |Y| over the training part. */
        public Builder scaleTargets(boolean value) {
            this.scaleTargets = value;
            return this;
        }

        /** Sets whether all-zero rows are dropped rather than rejected. */
        public Builder dropZeroRows(boolean value) {
            this.dropZeroRows = value;
            return this;
        }

        /** Sets whether all but the first row of each co-aligned group are dropped. */
        public Builder dropDuplicates(boolean value) {
            this.dropDuplicates = value;
            return this;
        }

        /** Sets the co-alignment tolerance, in [0, 1). */
        public Builder duplicateTolerance(double value) {
            this.duplicateTolerance = value;
            return this;
        }

        /** Sets the held-out share, in [0, 1). */
        public Builder testFraction(double value) {
            this.testFraction = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @throws InvalidInputException when a value is out of range
         */
        public PreprocessOptions build() {
            return new PreprocessOptions(normalizeRows, scaleTargets, dropZeroRows,
                    dropDuplicates, duplicateTolerance, testFraction);
        }
    }
}
