package org.masktrain.cli;

import org.masktrain.InvalidInputException;
import org.masktrain.ntk.EigenSolver;
import picocli.CommandLine.Option;

/**
 * The options of {@code train} that compare a run with the convergence theory (NTK
 * diagnostics and the theorems' numbers), search a step size, and stop a diverging run.
 */
final class DiagnosticsOptions {

    static final double DEFAULT_DIVERGENCE_FACTOR = 10.0;
    static final int DEFAULT_DIVERGENCE_PATIENCE = 3;
    /** Largest training set for which the theorems' numbers are computed without being asked. */
    static final int THEORY_DEFAULT_LIMIT = 2000;

    @Option(names = "--diagnostics-every", paramLabel = "N",
            description = "Every N rounds (and in the last one), measure the smallest "
                    + "eigenvalue of each sub-network's masked NTK at the start and end of its "
                    + "local steps, the weight drift max ||w_r - w_0,r|| against R = kappa "
                    + "lambda_0 / (8n), and the share of flipped activation patterns; writes "
                    + "diagnostics.csv and adds them to summary.json. 0 turns it off "
                    + "(default: 0).")
    Integer diagnosticsEvery;

    @Option(names = "--theory", negatable = true, fallbackValue = "true",
            description = "Compute lambda_0 of the infinite-width NTK of the training inputs "
                    + "and report the convergence theorems' rate and step-size regime beside "
                    + "the measured contraction L_{k+1}/L_k (default: on when the training set "
                    + "has at most " + THEORY_DEFAULT_LIMIT + " samples or --diagnostics-every "
                    + "is set).")
    Boolean theory;

    @Option(names = "--lr-search",
            description = "Before training, halve the step size from --lr (or --lr-std) until "
                    + "one round no longer increases the loss and keeps at least half of the "
                    + "neurons it trained active on some sample, down to 1e-12 of it, with the "
                    + "same initialization each time; then train with that step size.")
    boolean lrSearch;

    @Option(names = "--divergence-factor", paramLabel = "F",
            description = "Stop with an error when the loss stays above F x L_0 for "
                    + "--divergence-patience consecutive rounds; F > 1 (default: "
                    + DEFAULT_DIVERGENCE_FACTOR + ").")
    Double divergenceFactor;

    @Option(names = "--divergence-patience", paramLabel = "N",
            description = "Consecutive rounds above --divergence-factor x L_0 that stop the "
                    + "run; 0 turns the check off (a non-finite loss always stops it) "
                    + "(default: " + DEFAULT_DIVERGENCE_PATIENCE + ").")
    Integer divergencePatience;

    @Option(names = "--exact-limit", paramLabel = "N",
            description = "Largest training set whose NTK eigenvalues are computed exactly "
                    + "(n^2 doubles in memory); larger ones use block Lanczos (default: "
                    + EigenSolver.Settings.DEFAULT_EXACT_LIMIT + ").")
    Integer exactLimit;

    /** Checks the given values. The accessors below apply the defaults. */
    void validate() {
        if (diagnosticsEvery != null && diagnosticsEvery < 0) {
            throw new InvalidInputException("--diagnostics-every must be >= 0, got "
                    + diagnosticsEvery);
        }
        if (divergenceFactor != null
                && !(divergenceFactor > 1 && Double.isFinite(divergenceFactor))) {
            throw new InvalidInputException("--divergence-factor must be a finite number "
                    + "above 1, got " + divergenceFactor);
        }
        if (divergencePatience != null && divergencePatience < 0) {
            throw new InvalidInputException("--divergence-patience must be >= 0, got "
                    + divergencePatience);
        }
        eigenSettings(0L);
    }

    int period() {
        return diagnosticsEvery == null ? 0 : diagnosticsEvery;
    }

    /** Returns whether lambda_0 and the theorems' numbers are computed for n samples. */
    boolean theoryEnabled(int samples) {
        if (theory != null) {
            return theory || period() > 0;
        }
        return period() > 0 || samples <= THEORY_DEFAULT_LIMIT;
    }

    double divergenceFactor() {
        return divergenceFactor == null ? DEFAULT_DIVERGENCE_FACTOR : divergenceFactor;
    }

    int divergencePatience() {
        return divergencePatience == null ? DEFAULT_DIVERGENCE_PATIENCE : divergencePatience;
    }

    /** Returns the eigen-solver settings, with the run's seed for the iterative start. */
    EigenSolver.Settings eigenSettings(long seed) {
        EigenSolver.Settings defaults = EigenSolver.Settings.defaults();
        return new EigenSolver.Settings(defaults.strategy(),
                exactLimit == null ? defaults.exactLimit() : exactLimit, defaults.tolerance(),
                defaults.blockSize(), defaults.maxProducts(), seed);
    }
}
