package org.masktrain.experiments;

import java.util.Locale;
import org.masktrain.InvalidInputException;

/**
 * The convergence rule of Figures 2b and 2c in "On the Convergence of Shallow Neural Network
 * Training with Randomly Masked Neurons" (Liao and Kyrillidis, TMLR 2022): the converged error
 * is the smallest moving average of the per-round training error over {@code window} rounds.
 * Training stops at the first round whose moving average fails to improve on the best one
 * {@code patience} times in a row (the paper: once), or whose moving average falls below
 * {@code floor}. Before {@code window} rounds exist the average runs over the rounds so far.
 *
 * @param window rounds in the moving average, at least 1
 * @param patience consecutive rounds without improvement that stop training, at least 1
 * @param floor a moving average below this value stops training; 0 turns the floor off
 */
public record ConvergenceRule(int window, int patience, double floor) {

    public static final int DEFAULT_WINDOW = 10;
    public static final int DEFAULT_PATIENCE = 1;
    public static final double DEFAULT_FLOOR = 5e-4;

    /** Checks the ranges, naming the command-line options. */
    public ConvergenceRule {
        if (window < 1) {
            throw new InvalidInputException("--window " + window + " is invalid; give at least 1 "
                    + "round");
        }
        if (patience < 1) {
            throw new InvalidInputException("--patience " + patience + " is invalid; give at "
                    + "least 1 round");
        }
        if (!(floor >= 0) || Double.isInfinite(floor)) {
            throw new InvalidInputException("--floor " + floor + " is invalid; give a finite "
                    + "value >= 0");
        }
    }

    /** Returns the rule as the paper states it. */
    public static ConvergenceRule paper() {
        return new ConvergenceRule(DEFAULT_WINDOW, DEFAULT_PATIENCE, DEFAULT_FLOOR);
    }

    /**
     * Applies the rule to the errors of rounds 0..K, in order.
     *
     * @param errors the training error of every round; not modified
     * @return the converged error, the round at which the best average ended, and whether and
     *     why the rule stopped before the last round
     */
    public Outcome apply(double[] errors) {
        double best = Double.POSITIVE_INFINITY;
        int bestRound = -1;
        int misses = 0;
        for (int k = 0; k < errors.length; k++) {
            if (!Double.isFinite(errors[k])) {
                return new Outcome(Double.NaN, bestRound, k, true, "the error is not finite");
            }
            // Summed afresh each round, so equal windows give bitwise equal averages.
            int first = Math.max(0, k - window + 1);
            double sum = 0;
            for (int j = first; j <= k; j++) {
                sum += errors[j];
            }
            double average = sum / (k - first + 1);
            if (average < best) {
                best = average;
                bestRound = k;
                misses = 0;
                if (best < floor) {
                    return new Outcome(best, k, k, true, String.format(Locale.ROOT,
                            "the moving average fell below the floor %.3g", floor));
                }
            } else if (k >= window - 1) {
                misses++;
                if (misses >= patience) {
                    return new Outcome(best, bestRound, k, true, String.format(Locale.ROOT,
                            "the %d-round moving average did not improve for %d round%s",
                            window, patience, patience == 1 ? "" : "s"));
                }
            }
        }
        return new Outcome(best == Double.POSITIVE_INFINITY ? Double.NaN : best, bestRound,
                errors.length - 1, false, "the round limit was reached");
    }

    /**
     * The result of the rule on one run.
     *
     * @param value the converged error: the smallest moving average (NaN when a round's error
     *     was not finite or no round exists)
     * @param bestRound the last round of the best window, or -1
     * @param stopRound the round at which the rule stopped, or the last round
     * @param stopped whether the rule stopped before the data ran out
     * @param reason why it stopped, in words
     */
    public record Outcome(double value, int bestRound, int stopRound, boolean stopped,
            String reason) {
    }
}
