package org.masktrain.training;

import org.masktrain.masks.RoundMasks;

/**
 * What happened in one round, as delivered to {@link TrainingListener#onRound}.
 *
 * @param round k; round 0 describes the initial network, before any training
 * @param train the full network's error on the training set after the round (L_k)
 * @param test the full network's error on the held-out set, or null when there is none
 * @param masks the masks sampled in this round, or null for round 0
 * @param localLosses {@code localLosses[l][t]} is sub-network l's local loss at step t
 *     (t = 0 right after sampling), or null for round 0
 * @param elapsedSeconds wall time since training started, including this round
 */
public record RoundRecord(int round, Evaluation train, Evaluation test, RoundMasks masks,
        double[][] localLosses, double elapsedSeconds) {
}
