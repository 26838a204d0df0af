package org.masktrain.training;

import java.io.Serializable;

/**
 * Result of a sub-network's local steps.
 *
 * @param round the round k
 * @param subnet the sub-network l
 * @param weights the trained h x d block of rows, in the order of the task's active indices;
 *     null when the sub-network was lost
 * @param losses the local loss {@code ||Y - U_l||_F^2} over all training samples at step 0
 *     (right after sampling) and after each of the tau local steps; length tau + 1, all NaN
 *     when the sub-network was lost
 */
public record LocalResult(int round, int subnet, double[] weights, double[] losses)
        implements Serializable {

    /**
     * Creates the result of a sub-network whose task failed on every attempt: no trained rows,
     * so {@link Aggregator} leaves its neurons as other sub-networks move them, and NaN losses.
     */
    public static LocalResult lost(int round, int subnet, int localSteps) {
        double[] losses = new double[localSteps + 1];
        java.util.Arrays.fill(losses, Double.NaN);
        return new LocalResult(round, subnet, null, losses);
    }

    /** Returns whether the sub-network was lost rather than trained. */
    public boolean isLost() {
        return weights == null;
    }
}
