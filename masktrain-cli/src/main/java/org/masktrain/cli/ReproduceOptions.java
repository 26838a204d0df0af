package org.masktrain.cli;

import java.util.List;
import org.masktrain.data.TargetMode;
import org.masktrain.experiments.ConvergenceRule;
import org.masktrain.experiments.ExperimentSettings;
import picocli.CommandLine.Option;

/**
 * The options of {@code masktrain reproduce} that set the data, the sizes of the sweeps and the
 * convergence rule. A size left out takes the figure's default, or its published value with
 * {@code --paper-scale}.
 */
final class ReproduceOptions {

    @Option(names = {"-d", "--data"}, paramLabel = "PATH",
            description = "Data to train on: 'embedded' (Fashion-MNIST images shipped with "
                    + "masktrain), a Fashion-MNIST directory or IDX file, a .csv file, or a "
                    + "NumPy .npz with arrays 'features' and 'labels' as the paper's features "
                    + "were stored (default: embedded). Nothing is held out.")
    String data;

    @Option(names = "--features-key", paramLabel = "KEY",
            description = "Array of features in an .npz file (default: features, then X).")
    String featuresKey;

    @Option(names = "--targets-key", paramLabel = "KEY",
            description = "Array of targets in an .npz file (default: labels, then Y).")
    String targetsKey;

    @Option(names = "--targets", paramLabel = "MODE",
            description = "How to read targets: auto (one-hot when they are integer class "
                    + "labels), onehot, or raw values such as logits (default: auto).")
    TargetMode targets;

    @Option(names = {"-n", "--samples"}, paramLabel = "N",
            description = "Training samples n, the first N of the data (default: 200, 100 for "
                    + "fig2c; 1000 with --paper-scale, 100 for fig2c).")
    Integer samples;

    @Option(names = "--paper-scale",
            description = "Use the published sizes: n = 1000, 10 repetitions (3 for xi = 0.8 "
                    + "in fig2a), the full 10 x 10 grid of fig2b and a limit of 300 rounds "
                    + "under the convergence rule. Estimated from the cost per round, not "
                    + "measured: several hours on two cores for fig2b alone.")
    boolean paperScale;

    @Option(names = "--reps", paramLabel = "R",
            description = "Runs per grid point, each with its own seed (default: 3; 2 for "
                    + "fig2b, 5 for fig2d).")
    Integer repetitions;

    @Option(names = {"-K", "--rounds"}, paramLabel = "K",
            description = "Rounds of fig2a (default: 14) and fig2d (default: 3); the round "
                    + "limit under the convergence rule of fig2b and fig2c (default: 40).")
    Integer rounds;

    @Option(names = {"-m", "--width"}, paramLabel = "M",
            description = "Hidden neurons m of fig2a, fig2b and fig2d (default: 500).")
    Integer width;

    @Option(names = "--widths", paramLabel = "M", split = ",",
            description = "Widths of fig2c, comma-separated (default: 250,500,750,1000,1250,"
                    + "1500).")
    List<Integer> widths;

    @Option(names = "--xi-grid", paramLabel = "XI", split = ",",
            description = "Keep probabilities of the fig2b grid, comma-separated (default: "
                    + "0.1,0.3,0.5,0.7,0.9,1; 0.1 to 1 in steps of 0.1 with --paper-scale).")
    List<Double> xiGrid;

    @Option(names = "--subnets-grid", paramLabel = "P", split = ",",
            description = "Sub-network counts p of fig2b and fig2d, comma-separated (default: "
                    + "1,2,4,6,8,10 for fig2b, 1 to 10 for fig2d and with --paper-scale).")
    List<Integer> subnetsGrid;

    @Option(names = "--window", paramLabel = "W",
            description = "Rounds in the moving average of the convergence rule (default: "
                    + ConvergenceRule.DEFAULT_WINDOW + ").")
    Integer window;

    @Option(names = "--patience", paramLabel = "P",
            description = "Rounds in a row without a better moving average that stop a run; "
                    + "the paper stops at the first (default: "
                    + ConvergenceRule.DEFAULT_PATIENCE + ").")
    Integer patience;

    @Option(names = "--floor", paramLabel = "E",
            description = "Per-entry mean squared error below which a run stops; 0 turns it "
                    + "off (default: " + ConvergenceRule.DEFAULT_FLOOR + ").")
    Double floor;

    @Option(names = "--kappa", paramLabel = "K",
            description = "Initial weight scale in the paper code's units, before the "
                    + "conversion to masktrain's (default: " + ExperimentSettings.DEFAULT_KAPPA
                    + "; fig2c divides it by sqrt(m / 250)).")
    Double kappa;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Root seed; each run's seed derives from it and the run's grid "
                    + "point and repetition (default: " + ExperimentSettings.DEFAULT_SEED
                    + ").")
    Long seed;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Runs trained at once, one thread each; 0 means one per core. Never "
                    + "changes the results (default: 0).")
    int jobs;

    /** Returns the overrides these options give. */
    ExperimentSettings.Overrides overrides() {
        return new ExperimentSettings.Overrides(samples, width, widths, repetitions, rounds,
                xiGrid, subnetsGrid, window, patience, floor, kappa, seed);
    }
}
