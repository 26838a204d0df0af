package org.masktrain.training;

import java.util.List;
import org.masktrain.engine.RoundTraffic;
import org.masktrain.masks.RoundMasks;

/**
 * Record of one round, as delivered to {@link TrainingListener#onRound}.
 *
 * @param round k; round 0 describes the initial network, before any training
 * @param train the full network's error on the training set after the round (L_k)
 * @param test the full network's error on the held-out set, or null when there is none
 * @param masks the masks sampled in this round, or null for round 0
 * @param localLosses {@code localLosses[l][t]} is sub-network l's local loss at step t
 *     (t = 0 right after sampling), or null for round 0
 * @param elapsedSeconds wall time since training started, including this round
 * @param localResults the sub-networks' results in sub-network order, with their trained rows
 *     in the order of {@code masks}; null for round 0. Listeners must not modify them.
 * @param traffic what the engine shipped in this round, or null for round 0 and for engines
 *     that ship nothing
 */
public record RoundRecord(int round, Evaluation train, Evaluation test, RoundMasks masks,
        double[][] localLosses, double elapsedSeconds, List<LocalResult> localResults,
        RoundTraffic traffic) {

    /** Creates a record without engine traffic. */
    public RoundRecord(int round, Evaluation train, Evaluation test, RoundMasks masks,
            double[][] localLosses, double elapsedSeconds, List<LocalResult> localResults) {
        this(round, train, test, masks, localLosses, elapsedSeconds, localResults, null);
    }

    /** Creates a record without the sub-networks' results. */
    public RoundRecord(int round, Evaluation train, Evaluation test, RoundMasks masks,
            double[][] localLosses, double elapsedSeconds) {
        this(round, train, test, masks, localLosses, elapsedSeconds, null, null);
    }
}
