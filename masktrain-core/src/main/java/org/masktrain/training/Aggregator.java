package org.masktrain.training;

import java.util.List;
import org.masktrain.linalg.Matrix;
import org.masktrain.masks.RoundMasks;

/**
 * Merges the sub-networks of a round back into W, as Algorithm 1 of "On the Convergence of
 * Shallow Neural Network Training with Randomly Masked Neurons" does:
 * {@code w_{k+1,r} = w_{k,r} + (1/N_r) * sum_l (w^l_r - w_{k,r})} for the N_r > 0 sub-networks
 * that held neuron r, and {@code w_{k+1,r} = w_{k,r}} for a neuron in none. Sub-networks are
 * added in index order, so the sum does not depend on which finished first. A lost sub-network
 * ({@link LocalResult#isLost()}) counts as not holding its neurons, so they move by the mean of
 * the other sub-networks that held them, or stay unchanged.
 */
public final class Aggregator {

    private Aggregator() {
    }

    /**
     * Updates {@code weights} (m x d) in place from the results, which must be in sub-network
     * order and match {@code masks}.
     */
    public static void aggregate(Matrix weights, RoundMasks masks, List<LocalResult> results) {
        int m = weights.rows();
        int d = weights.cols();
        double[] w = weights.data();
        int[] counts = new int[m];
        double[] delta = new double[m * d];
        for (int l = 0; l < results.size(); l++) {
            LocalResult result = results.get(l);
            if (result.subnet() != l) {
                throw new IllegalArgumentException("result " + l + " belongs to sub-network "
                        + result.subnet());
            }
            if (result.isLost()) {
                continue;
            }
            int[] active = masks.active()[l];
            double[] trained = result.weights();
            for (int k = 0; k < active.length; k++) {
                counts[active[k]]++;
                int row = active[k] * d;
                int local = k * d;
                for (int j = 0; j < d; j++) {
                    delta[row + j] += trained[local + j] - w[row + j];
                }
            }
        }
        for (int r = 0; r < m; r++) {
            if (counts[r] == 0) {
                continue;
            }
            double share = 1.0 / counts[r];
            int row = r * d;
            for (int j = 0; j < d; j++) {
                w[row + j] += share * delta[row + j];
            }
        }
    }
}
