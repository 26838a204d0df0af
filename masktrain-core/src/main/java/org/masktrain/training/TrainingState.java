package org.masktrain.training;

import java.util.Objects;
import org.masktrain.model.Network;

/**
 * Everything a run carries from one round to the next, so that training can continue from a
 * finished round and end with the same numbers as a run that never stopped.
 *
 * <p>No random generator state is part of it: every draw (masks, minibatch order) comes from
 * a stream keyed by the root seed, the round and the sub-network, so round k + 1 needs only
 * W_k. The divergence rule's count of rounds above its bound is carried because it spans
 * rounds.
 *
 * @param round k, the last finished round (0 before any training)
 * @param initial W_0 and a
 * @param current W_k and a
 * @param losses L_0 .. L_k on the training set; length k + 1
 * @param testLosses the held-out loss for rounds 0 .. k, or null without a held-out set
 * @param lastTrain the training-set evaluation of round k
 * @param lastTest the held-out evaluation of round k, or null without a held-out set
 * @param roundsAboveBound consecutive rounds, ending at k, whose loss exceeded the divergence
 *     rule's bound
 * @param elapsedSeconds wall time of training up to the end of round k
 */
public record TrainingState(int round, Network initial, Network current, double[] losses,
        double[] testLosses, Evaluation lastTrain, Evaluation lastTest, int roundsAboveBound,
        double elapsedSeconds) {

    /**
     * Checks the lengths of the loss arrays against {@code round}.
     *
     * @throws IllegalArgumentException when a length or the round does not fit
     */
    public TrainingState {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(losses, "losses");
        Objects.requireNonNull(lastTrain, "lastTrain");
        if (round < 0 || losses.length != round + 1) {
            throw new IllegalArgumentException("round " + round + " needs " + (round + 1)
                    + " losses, got " + losses.length);
        }
        if (testLosses != null && testLosses.length != round + 1) {
            throw new IllegalArgumentException("round " + round + " needs " + (round + 1)
                    + " held-out losses, got " + testLosses.length);
        }
        if ((testLosses == null) != (lastTest == null)) {
            throw new IllegalArgumentException("held-out losses and the last held-out "
                    + "evaluation must be both present or both absent");
        }
    }
}
