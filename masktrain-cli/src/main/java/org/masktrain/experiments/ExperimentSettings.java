package org.masktrain.experiments;

import java.util.List;
import java.util.Locale;
import org.masktrain.InvalidInputException;

/**
 * The sizes and settings of one figure's sweep. {@link #defaults} gives the reduced default
 * size or the published size; {@link Overrides} replaces single values.
 *
 * <p>The settings are in the units of the experiment code of "On the Convergence of Shallow
 * Neural Network Training with Randomly Masked Neurons", which used the standard
 * parametrization: {@code learningRatesStd} are its step sizes and {@code kappa} the standard
 * deviation of its initial weights in units where the output factor 1/sqrt(c) is part of the
 * model. {@link SweepPlans} converts them.
 *
 * @param figure the figure
 * @param samples n, the training samples (nothing is held out)
 * @param widths the widths m; one value except for Figure 2c
 * @param repetitions runs per grid point
 * @param firstPairRepetitions runs for the first (xi, lr) pair of Figure 2a (xi = 0.8), which
 *     the published figure averages over 3 runs instead of 10; equal to {@code repetitions}
 *     elsewhere
 * @param rounds K for Figures 2a and 2d; the round limit under the convergence rule otherwise
 * @param keepProbabilities the xi values (Bernoulli masks; unused by Figure 2d)
 * @param learningRatesStd the standard-parametrization step size for each xi; one value when
 *     every xi shares it
 * @param subnetworks the values of p
 * @param localSteps tau
 * @param kappa the initial weight scale at the first width (Figure 2c scales it by
 *     sqrt(m_0 / m))
 * @param rule the convergence rule of Figures 2b and 2c, null for the others
 * @param seed the root seed of the sweep
 */
public record ExperimentSettings(
        Figure figure,
        int samples,
        List<Integer> widths,
        int repetitions,
        int firstPairRepetitions,
        int rounds,
        List<Double> keepProbabilities,
        List<Double> learningRatesStd,
        List<Integer> subnetworks,
        int localSteps,
        double kappa,
        ConvergenceRule rule,
        long seed) {

    public static final double DEFAULT_KAPPA = 1.0;
    public static final long DEFAULT_SEED = 0L;
    private static final List<Double> DYNAMICS_XI = List.of(0.8, 0.5, 0.3);
    private static final List<Double> DYNAMICS_LR_STD = List.of(0.16, 0.1, 0.06);
    private static final List<Double> WIDTH_XI = List.of(0.8, 0.5);
    private static final List<Double> WIDTH_LR_STD = List.of(0.16, 0.1);
    private static final List<Double> GRID_LR_STD = List.of(0.1);

    /** Copies the lists and checks every value, naming the options. */
    public ExperimentSettings {
        widths = List.copyOf(widths);
        keepProbabilities = List.copyOf(keepProbabilities);
        learningRatesStd = List.copyOf(learningRatesStd);
        subnetworks = List.copyOf(subnetworks);
        requireAtLeast("--samples", samples, 1);
        requireAtLeast("--reps", repetitions, 1);
        requireAtLeast("--reps", firstPairRepetitions, 1);
        requireAtLeast("--rounds", rounds, 1);
        requireAtLeast("--local-steps", localSteps, 1);
        if (widths.isEmpty()) {
            throw new InvalidInputException("--widths is empty; give at least one width");
        }
        for (int width : widths) {
            requireAtLeast(figure == Figure.FIG2C ? "--widths" : "--width", width, 1);
        }
        for (int p : subnetworks) {
            requireAtLeast("--subnets-grid", p, 1);
        }
        for (double xi : keepProbabilities) {
            if (!(xi > 0 && xi <= 1)) {
                throw new InvalidInputException("--xi-grid " + xi + " is out of range; give "
                        + "keep probabilities in (0, 1]");
            }
        }
        if (!(kappa > 0) || Double.isInfinite(kappa)) {
            throw new InvalidInputException("--kappa " + kappa + " is invalid; give a finite "
                    + "value > 0");
        }
        if (learningRatesStd.size() != 1 && learningRatesStd.size() != keepProbabilities.size()) {
            throw new IllegalArgumentException("need one step size or one per keep probability");
        }
    }

    private static void requireAtLeast(String option, int value, int minimum) {
        if (value < minimum) {
            throw new InvalidInputException(option + " " + value + " is out of range; give at "
                    + "least " + minimum);
        }
    }

    /**
     * Returns the settings of {@code figure}: the published sizes when {@code paperScale},
     * else sizes that finish in a few minutes on two cores.
     */
    public static ExperimentSettings defaults(Figure figure, boolean paperScale) {
        int samples = paperScale ? 1000 : 200;
        int repetitions = paperScale ? 10 : 3;
        int roundLimit = paperScale ? 300 : 40;
        return switch (figure) {
            case FIG2A -> new ExperimentSettings(figure, samples, List.of(500), repetitions,
                    paperScale ? 3 : repetitions, paperScale ? 20 : 14, DYNAMICS_XI,
                    DYNAMICS_LR_STD, List.of(10), 10, DEFAULT_KAPPA, null, DEFAULT_SEED);
            case FIG2B -> new ExperimentSettings(figure, samples, List.of(500),
                    paperScale ? 10 : 2, paperScale ? 10 : 2, roundLimit,
                    paperScale ? range(0.1, 10) : List.of(0.1, 0.3, 0.5, 0.7, 0.9, 1.0),
                    GRID_LR_STD,
                    paperScale ? List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
                            : List.of(1, 2, 4, 6, 8, 10),
                    5, DEFAULT_KAPPA, ConvergenceRule.paper(), DEFAULT_SEED);
            case FIG2C -> new ExperimentSettings(figure, 100,
                    List.of(250, 500, 750, 1000, 1250, 1500), repetitions, repetitions,
                    roundLimit, WIDTH_XI, WIDTH_LR_STD, List.of(10), 3, DEFAULT_KAPPA,
                    ConvergenceRule.paper(), DEFAULT_SEED);
            case FIG2D -> new ExperimentSettings(figure, samples, List.of(500),
                    paperScale ? 10 : 5, paperScale ? 10 : 5, 3, List.of(), GRID_LR_STD,
                    List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 5, DEFAULT_KAPPA, null,
                    DEFAULT_SEED);
        };
    }

    private static List<Double> range(double step, int count) {
        Double[] values = new Double[count];
        for (int i = 0; i < count; i++) {
            values[i] = Math.round((i + 1) * step * 1000) / 1000.0;
        }
        return List.of(values);
    }

    /** Returns these settings with every non-null value of {@code overrides} put in. */
    public ExperimentSettings with(Overrides overrides) {
        List<Integer> newWidths = widths;
        if (figure == Figure.FIG2C && overrides.widths() != null) {
            newWidths = overrides.widths();
        } else if (figure != Figure.FIG2C && overrides.width() != null) {
            newWidths = List.of(overrides.width());
        }
        List<Double> newXi = keepProbabilities;
        List<Double> newLr = learningRatesStd;
        if (figure == Figure.FIG2B && overrides.keepProbabilities() != null) {
            newXi = overrides.keepProbabilities();
        }
        List<Integer> newSubnets = subnetworks;
        if ((figure == Figure.FIG2B || figure == Figure.FIG2D)
                && overrides.subnetworks() != null) {
            newSubnets = overrides.subnetworks();
        }
        int reps = overrides.repetitions() != null ? overrides.repetitions() : repetitions;
        int firstReps = overrides.repetitions() != null ? overrides.repetitions()
                : firstPairRepetitions;
        ConvergenceRule newRule = rule;
        if (rule != null && (overrides.window() != null || overrides.patience() != null
                || overrides.floor() != null)) {
            newRule = new ConvergenceRule(
                    overrides.window() != null ? overrides.window() : rule.window(),
                    overrides.patience() != null ? overrides.patience() : rule.patience(),
                    overrides.floor() != null ? overrides.floor() : rule.floor());
        }
        return new ExperimentSettings(figure,
                overrides.samples() != null ? overrides.samples() : samples, newWidths, reps,
                firstReps, overrides.rounds() != null ? overrides.rounds() : rounds, newXi,
                newLr, newSubnets, localSteps,
                overrides.kappa() != null ? overrides.kappa() : kappa, newRule,
                overrides.seed() != null ? overrides.seed() : seed);
    }

    /** Returns the settings in one line, for the console. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "n = %d, m = %s, tau = %d, %s = %d, ", samples,
                widths.size() == 1 ? widths.get(0).toString() : widths.toString(), localSteps,
                rule == null ? "K" : "round limit", rounds));
        if (figure != Figure.FIG2D) {
            text.append("xi = ").append(keepProbabilities).append(", ");
        }
        text.append("lr_std = ").append(learningRatesStd.size() == 1 ? learningRatesStd.get(0)
                : learningRatesStd.toString());
        text.append(", p = ").append(subnetworks.size() == 1 ? subnetworks.get(0).toString()
                : subnetworks.toString());
        text.append(", ").append(repetitions).append(" repetitions");
        if (firstPairRepetitions != repetitions) {
            text.append(" (").append(firstPairRepetitions).append(" for xi = ")
                    .append(keepProbabilities.get(0)).append(")");
        }
        if (rule != null) {
            text.append(String.format(Locale.ROOT, ", window %d, patience %d, floor %.3g",
                    rule.window(), rule.patience(), rule.floor()));
        }
        return text.toString();
    }

    /**
     * Values given on the command line; null means "keep the figure's value". Each applies only
     * to the figures that have that setting.
     *
     * @param samples n
     * @param width m for Figures 2a, 2b and 2d
     * @param widths the widths of Figure 2c
     * @param repetitions runs per grid point
     * @param rounds K, or the round limit under the convergence rule
     * @param keepProbabilities the xi grid of Figure 2b
     * @param subnetworks the p grid of Figures 2b and 2d
     * @param window the moving-average window of the convergence rule
     * @param patience rounds without improvement that stop a run
     * @param floor the error below which a run stops
     * @param kappa the initial weight scale
     * @param seed the root seed
     */
    public record Overrides(Integer samples, Integer width, List<Integer> widths,
            Integer repetitions, Integer rounds, List<Double> keepProbabilities,
            List<Integer> subnetworks, Integer window, Integer patience, Double floor,
            Double kappa, Long seed) {

        /** Returns overrides that change nothing. */
        public static Overrides none() {
            return new Overrides(null, null, null, null, null, null, null, null, null, null,
                    null, null);
        }
    }
}
