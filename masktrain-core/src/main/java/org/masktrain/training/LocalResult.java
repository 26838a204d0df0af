package org.masktrain.training;

import java.io.Serializable;

/**
 * Result of a sub-network's local steps.
 *
 * @param round the round k
 * @param subnet the sub-network l
 * @param weights the trained h x d block of rows, in the order of the task's active indices
 * @param losses the local loss {@code ||Y - U_l||_F^2} over all training samples at step 0
 *     (right after sampling) and after each of the tau local steps; length tau + 1
 */
public record LocalResult(int round, int subnet, double[] weights, double[] losses)
        implements Serializable {
}
