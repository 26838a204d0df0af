package org.masktrain.ntk;

/**
 * The step-size search found no step size, down to its floor, at which one round keeps the
 * loss from increasing.
 */
public class LearningRateSearchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LearningRateSearchException(String message) {
        super(message);
    }
}
