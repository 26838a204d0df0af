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
 * @param engineTraffic whether every round after round 0 carries the engine's
 *     {@link org.masktrain.engine.RoundTraffic}
 */
public record TrainingStart(TrainingConfig config, Network initial, int trainSamples,
        int testSamples, String kernel, String engine, boolean engineTraffic) {

    /** Creates a start record for an engine that reports no traffic. */
    public TrainingStart(TrainingConfig config, Network initial, int trainSamples,
            int testSamples, String kernel, String engine) {
        this(config, initial, trainSamples, testSamples, kernel, engine, false);
    }
}
