package org.masktrain.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.masktrain.data.DataRequest;
import org.masktrain.data.PreprocessOptions;
import org.masktrain.data.SourceSplit;
import org.masktrain.data.TargetMode;
import picocli.CommandLine.Option;

/** The options that choose the data and its preprocessing. */
final class DataOptions {

    /** Share of the loaded samples held out for evaluation when the option is not given. */
    static final double DEFAULT_TEST_FRACTION = 0.2;

    /**
     * {@link PreprocessOptions#DEFAULT_DUPLICATE_TOLERANCE} as the help writes it, because the
     * help would break Java's "1.0E-9" inside the number.
     */
    static final String DEFAULT_DUPLICATE_TOLERANCE_TEXT = "1e-9";

    @Option(names = {"-d", "--data"}, paramLabel = "PATH",
            description = "Data to train on: 'embedded' (2,000 Fashion-MNIST training images "
                    + "shipped with masktrain), a Fashion-MNIST directory or IDX file (gzip or "
                    + "plain), a .csv file (last column the target), or a NumPy .npz (arrays "
                    + "'features' and 'labels', or X and Y) or .npy file (default: embedded).")
    String data;

    @Option(names = {"-n", "--samples"}, paramLabel = "N",
            description = "Samples to load from the data, the first N (default: "
                    + DataRequest.DEFAULT_MAX_SAMPLES + "). --test-fraction of them are held "
                    + "out.")
    Integer samples;

    @Option(names = "--test-fraction", paramLabel = "F",
            description = "Share of the loaded samples held out to report test loss and "
                    + "accuracy each round, in [0, 1) (default: " + DEFAULT_TEST_FRACTION
                    + ").")
    Double testFraction;

    @Option(names = "--split", paramLabel = "NAME",
            description = "Which Fashion-MNIST file pair to read from a directory: train or "
                    + "test (default: train).")
    SourceSplit split;

    @Option(names = "--targets", paramLabel = "MODE",
            description = "How to read targets: auto (one-hot when they are integer class "
                    + "labels), onehot, or raw values (default: auto).")
    TargetMode targets;

    @Option(names = "--features-key", paramLabel = "KEY",
            description = "Array of features in an .npz file (default: "
                    + DataRequest.DEFAULT_FEATURES_KEY + ", then X).")
    String featuresKey;

    @Option(names = "--targets-key", paramLabel = "KEY",
            description = "Array of targets in an .npz file (default: "
                    + DataRequest.DEFAULT_TARGETS_KEY + ", then Y).")
    String targetsKey;

    @Option(names = "--targets-file", paramLabel = "PATH",
            description = "File of targets for a .npy features file, or labels for an IDX "
                    + "images file with an unusual name.")
    Path targetsFile;

    @Option(names = "--csv-target-columns", paramLabel = "C",
            description = "How many trailing CSV columns are targets (default: "
                    + DataRequest.DEFAULT_CSV_TARGET_COLUMNS + ").")
    Integer csvTargetColumns;

    @Option(names = "--normalize", negatable = true, fallbackValue = "true",
            description = "Scale every input row to unit L2 norm, as the convergence theory "
                    + "assumes (default: on; --no-normalize turns it off).")
    Boolean normalize;

    @Option(names = "--scale-targets", negatable = true, fallbackValue = "true",
            description = "Divide targets by max |Y| of the training part (default: on; "
                    + "--no-scale-targets turns it off).")
    Boolean scaleTargets;

    @Option(names = "--drop-zero-rows", negatable = true, fallbackValue = "true",
            description = "Drop samples whose features are all zero instead of failing.")
    Boolean dropZeroRows;

    @Option(names = "--drop-duplicates", negatable = true, fallbackValue = "true",
            description = "Keep only the first of each group of duplicate or co-aligned rows "
                    + "(|<x_i, x_j>| = 1 within --duplicate-tolerance); without it they are "
                    + "reported and kept.")
    Boolean dropDuplicates;

    @Option(names = "--duplicate-tolerance", paramLabel = "TOL",
            description = "Rows with |<x_i, x_j>| >= 1 - TOL count as co-aligned (default: "
                    + DEFAULT_DUPLICATE_TOLERANCE_TEXT + ").")
    Double duplicateTolerance;

    /** Returns the load request these options describe. */
    DataRequest toRequest() {
        DataRequest.Builder builder = DataRequest.builder();
        if (data != null) {
            builder.location(data);
        }
        if (samples != null) {
            builder.maxSamples(samples);
        }
        if (split != null) {
            builder.sourceSplit(split);
        }
        if (targets != null) {
            builder.targetMode(targets);
        }
        if (featuresKey != null) {
            builder.featuresKey(featuresKey);
        }
        if (targetsKey != null) {
            builder.targetsKey(targetsKey);
        }
        if (targetsFile != null) {
            builder.targetsPath(targetsFile);
        }
        if (csvTargetColumns != null) {
            builder.csvTargetColumns(csvTargetColumns);
        }
        return builder.build();
    }

    /** Returns the preprocessing these options describe. */
    PreprocessOptions toPreprocessOptions() {
        PreprocessOptions.Builder builder = PreprocessOptions.builder()
                .testFraction(testFraction == null ? DEFAULT_TEST_FRACTION : testFraction);
        if (normalize != null) {
            builder.normalizeRows(normalize);
        }
        if (scaleTargets != null) {
            builder.scaleTargets(scaleTargets);
        }
        if (dropZeroRows != null) {
            builder.dropZeroRows(dropZeroRows);
        }
        if (dropDuplicates != null) {
            builder.dropDuplicates(dropDuplicates);
        }
        if (duplicateTolerance != null) {
            builder.duplicateTolerance(duplicateTolerance);
        }
        return builder.build();
    }

    /** Writes the resolved data options under their option names. */
    static void writeParameters(DataRequest request, PreprocessOptions preprocess,
            ObjectNode node) {
        node.put("data", request.isEmbedded() ? DataRequest.EMBEDDED
                : Path.of(request.location()).toAbsolutePath().normalize().toString());
        node.put("samples", request.maxSamples());
        node.put("test-fraction", preprocess.testFraction());
        node.put("split", request.sourceSplit().name().toLowerCase(java.util.Locale.ROOT));
        node.put("targets", request.targetMode().name().toLowerCase(java.util.Locale.ROOT));
        node.put("features-key", request.featuresKey());
        node.put("targets-key", request.targetsKey());
        if (request.targetsPath() != null) {
            node.put("targets-file", request.targetsPath().toAbsolutePath().normalize()
                    .toString());
        }
        node.put("csv-target-columns", request.csvTargetColumns());
        node.put("normalize", preprocess.normalizeRows());
        node.put("scale-targets", preprocess.scaleTargets());
        node.put("drop-zero-rows", preprocess.dropZeroRows());
        node.put("drop-duplicates", preprocess.dropDuplicates());
        node.put("duplicate-tolerance", preprocess.duplicateTolerance());
    }
}
