package org.masktrain.training;

import java.util.Locale;

/**
 * Training diverged: the loss became non-finite, or it stayed above a multiple of L_0 for
 * several consecutive rounds (see {@link Trainer#stopWhenLossGrows}). Every round up to and
 * including the one that triggered it was delivered to the listeners.
 */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int round;

    public TrainingDivergedException(int round, double loss, double learningRate) {
        super("training diverged: the loss is " + loss + " after round " + round
                + "; the step size --lr " + learningRate + " is too large for this data, try --lr "
                + learningRate / 4);
        this.round = round;
    }

    private TrainingDivergedException(String message, int round) {
        super(message);
        this.round = round;
    }

    /**
     * Returns the exception for a loss that stayed above {@code factor * L_0} for
     * {@code patience} consecutive rounds, ending at {@code round}.
     */
    public static TrainingDivergedException lossGrew(int round, double loss, double initialLoss,
            double factor, int patience, double learningRate) {
        return new TrainingDivergedException(String.format(Locale.ROOT, "training diverged: "
                + "the loss stayed above %s x L_0 = %.6g for %d consecutive rounds (L_%d = "
                + "%.6g); the step size --lr %s is too large for this data, try --lr %s",
                factor, factor * initialLoss, patience, round, loss, learningRate,
                learningRate / 4), round);
    }

    /** Returns the round whose loss stopped the run. */
    public int round() {
        return round;
    }
}
