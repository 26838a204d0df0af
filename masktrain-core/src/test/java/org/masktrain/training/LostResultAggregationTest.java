package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.masktrain.linalg.Matrix;
import org.masktrain.masks.RoundMasks;

/** Aggregation when a distributed engine lost a sub-network of the round. */
class LostResultAggregationTest {

    @Test
    void lostSubnetworkCountsAsAbsent() {
        // Width 3, d = 2. Sub-network 0 contains neurons 0 and 1, the lost sub-network 1
        // contains neurons 1 and 2. Hand-worked: neuron 0 moves by sub-network 0's change,
        // neuron 1 by sub-network 0's change alone (N_1 = 1, not 2), neuron 2 keeps its weights.
        Matrix weights = new Matrix(3, 2, new double[] {1, 2, 3, 4, 5, 6});
        RoundMasks masks = new RoundMasks(0, new int[][] {{0, 1}, {1, 2}});
        List<LocalResult> results = List.of(
                new LocalResult(0, 0, new double[] {1.5, 2.5, 5, 4}, new double[2]),
                LocalResult.lost(0, 1, 1));

        Aggregator.aggregate(weights, masks, results);

        assertArrayEquals(new double[] {1.5, 2.5, 5, 4, 5, 6}, weights.data(), 0.0, "W");
    }

    @Test
    void lostResultHasNanLosses() {
        LocalResult lost = LocalResult.lost(3, 2, 4);

        assertTrue(lost.isLost(), "isLost");
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN}, lost.losses(), 0.0, "losses");
    }
}
