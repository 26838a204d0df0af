package org.masktrain.training;

/**
 * Training produced a non-finite loss. Every round before it was delivered to the listeners.
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

    /** Returns the round whose loss was not finite. */
    public int round() {
        return round;
    }
}
