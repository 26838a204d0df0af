package org.masktrain.training;

import org.masktrain.model.Network;

/**
 * The state at the start of training, as delivered to {@link TrainingListener#onStart}.
 *
 * @param config the resolved configuration
 * @param initial W_0 and a; a copy the listener may keep
 * @param trainSamples n
 * @param testSamples the held-out sample count, 0 when there is none
 * @param kernel the name of the matrix kernel in use
 * @param engine the name of the engine in use
 */
public record TrainingStart(TrainingConfig config, Network initial, int trainSamples,
        int testSamples, String kernel, String engine) {
}
