package org.masktrain.training;

/**
 * Receives the training state after selected rounds (see {@link Trainer#checkpointEvery}) so
 * it can be stored; the state's arrays belong to the sink, which may keep them.
 */
@FunctionalInterface
public interface CheckpointSink {

    /**
     * Stores {@code state}. An exception stops the run like a failing listener.
     *
     * @param state the state after round {@code state.round()}; its networks are copies
     */
    void save(TrainingState state);
}
