package org.masktrain.training;

import org.masktrain.model.Network;

/**
 * The outcome of a training run.
 *
 * @param config the resolved configuration
 * @param initial W_0 and a
 * @param trained W_K and a
 * @param losses L_k for k = 0 .. K on the training set
 * @param testLosses the held-out loss for k = 0 .. K, or null without a held-out set
 * @param wallSeconds the wall time of training, evaluation included
 */
public record TrainingResult(TrainingConfig config, Network initial, Network trained,
        double[] losses, double[] testLosses, double wallSeconds) {

    /** Returns L_0. */
    public double initialLoss() {
        return losses[0];
    }

    /** Returns L_K. */
    public double finalLoss() {
        return losses[losses.length - 1];
    }
}
