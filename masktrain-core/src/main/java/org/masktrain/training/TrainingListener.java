package org.masktrain.training;

/**
 * Observes a training run. Calls arrive on the thread that called
 * {@link Trainer#train}, in order: one {@link #onStart}, one {@link #onRound} per round from 0
 * to K (from k + 1 when the trainer resumes from the state after round k), then
 * {@link #onFinish} on success. A listener that throws stops the run.
 */
public interface TrainingListener {

    /** Receives W_0, a and the configuration before round 0 is evaluated. */
    default void onStart(TrainingStart start) {
    }

    /** Receives one round's record as soon as the round is aggregated and evaluated. */
    default void onRound(RoundRecord record) {
    }

    /** Receives the result after the last round. */
    default void onFinish(TrainingResult result) {
    }
}
