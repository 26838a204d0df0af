package org.masktrain.training;

import java.io.Serializable;

/**
 * The work of one sub-network in one round: its compact block of active rows of W and a.
 *
 * @param round the round k, from 0
 * @param subnet the sub-network l, from 0
 * @param active the sorted indices of the active neurons (h of them)
 * @param weights the h x d rows of W_k for those neurons, row-major; the task's own copy
 * @param signs the h x c rows of a for those neurons, row-major
 * @param keepProbability xi_l, which sets the sub-network's output factor under inverted scaling
 */
public record SubnetworkTask(int round, int subnet, int[] active, double[] weights,
        double[] signs, double keepProbability) implements Serializable {

    /** Returns the number of active neurons h. */
    public int activeCount() {
        return active.length;
    }
}
