package org.masktrain.experiments;

import java.util.Arrays;
import org.masktrain.training.RoundRecord;
import org.masktrain.training.TrainingListener;

/**
 * Applies a {@link ConvergenceRule} to the per-entry mean squared error of every round and ends
 * the run by throwing {@link Converged} once the rule stops. Add it after the run recorder, so
 * the recorder has written the round that triggered the stop.
 */
final class ConvergenceMonitor implements TrainingListener {

    private final ConvergenceRule rule;
    private double[] errors = new double[16];
    private int count;

    ConvergenceMonitor(ConvergenceRule rule) {
        this.rule = rule;
    }

    /** Returns the errors of the rounds so far, a copy. */
    synchronized double[] errors() {
        return Arrays.copyOf(errors, count);
    }

    @Override
    public synchronized void onRound(RoundRecord record) {
        if (count == errors.length) {
            errors = Arrays.copyOf(errors, 2 * count);
        }
        errors[count++] = record.train().meanSquaredError();
        ConvergenceRule.Outcome outcome = rule.apply(Arrays.copyOf(errors, count));
        if (outcome.stopped() && Double.isFinite(outcome.value())) {
            throw new Converged(outcome);
        }
    }

    /** Thrown from a listener to end a run whose error has converged; not a failure. */
    static final class Converged extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ConvergenceRule.Outcome outcome;

        Converged(ConvergenceRule.Outcome outcome) {
            super(outcome.reason(), null, false, false);
            this.outcome = outcome;
        }

        ConvergenceRule.Outcome outcome() {
            return outcome;
        }
    }
}
