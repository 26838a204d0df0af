package org.masktrain.masks;

/**
 * Draws the masks of a round. The draw depends only on the root seed and the round index, so a
 * round's masks are the same however the run is scheduled, resumed or distributed.
 * Implementations are immutable and thread-safe.
 */
public interface MaskSampler {

    /** Returns the masks of round {@code round}. */
    RoundMasks sample(int round);

    /** Returns the number of sub-networks p per round. */
    int subnetworks();

    /** Returns the keep probability of sub-network l (1/p for categorical masks). */
    double keepProbability(int subnet);

    /** Returns the mean keep probability over sub-networks, the xi of the full network. */
    double meanKeepProbability();
}
