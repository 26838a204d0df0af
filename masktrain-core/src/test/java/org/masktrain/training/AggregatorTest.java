package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.masktrain.linalg.Matrix;
import org.masktrain.masks.RoundMasks;

/**
 * Checks the aggregation rule of Algorithm 1 in "On the Convergence of Shallow Neural Network
 * Training with Randomly Masked Neurons" on hand-built rounds:
 * {@code w_{k+1,r} = w_{k,r} + (1/N_r) * sum_l (w^l_r - w_{k,r})} for a neuron in N_r > 0
 * sub-networks, and no change for a neuron in none.
 */
class AggregatorTest {

    /** W_k, five neurons in two dimensions. */
    private static double[] weights() {
        return new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    }

    /** Neuron 0 in sub-network 0; 1 in 0 and 1; 3 in all three; 2 and 4 in none. */
    private static RoundMasks masks() {
        return new RoundMasks(0, new int[][] {{0, 1, 3}, {1, 3}, {3}});
    }

    private static List<LocalResult> results() {
        return List.of(
                new LocalResult(0, 0, new double[] {1.5, 2.5, 3.25, 4, 7, 9}, new double[1]),
                new LocalResult(0, 1, new double[] {2.75, 4.5, 8, 8}, new double[1]),
                new LocalResult(0, 2, new double[] {7.5, 7.25}, new double[1]));
    }

    @Test
    void neuronInNoSubnetworkKeepsWeights() {
        double[] before = weights();
        before[4] = -0.0;
        before[9] = Double.MIN_VALUE;
        Matrix w = new Matrix(5, 2, before.clone());

        Aggregator.aggregate(w, masks(), results());

        assertArrayEquals(new double[] {before[4], before[5]}, w.row(2), "neuron 2");
        assertArrayEquals(new double[] {before[8], before[9]}, w.row(4), "neuron 4");
    }

    @Test
    void neuronInOneSubnetworkTakesItsWeights() {
        Matrix w = new Matrix(5, 2, weights());

        Aggregator.aggregate(w, masks(), results());

        assertArrayEquals(new double[] {1.5, 2.5}, w.row(0), "neuron 0");
    }

    @Test
    void neuronInSeveralSubnetworksAveragesUpdates() {
        Matrix w = new Matrix(5, 2, weights());

        Aggregator.aggregate(w, masks(), results());

        // Neuron 1: updates (0.25, 0) and (-0.25, 0.5), mean (0, 0.25).
        assertEquals(3.0, w.get(1, 0), 1e-15, "neuron 1, column 0");
        assertEquals(4.25, w.get(1, 1), 1e-15, "neuron 1, column 1");
        // Neuron 3: updates (0, 1), (1, 0) and (0.5, -0.75), mean (0.5, 1/12).
        assertEquals(7.5, w.get(3, 0), 1e-15, "neuron 3, column 0");
        assertEquals(8.0 + 1.0 / 12.0, w.get(3, 1), 1e-14, "neuron 3, column 1");
    }

    @Test
    void emptySubnetworkChangesNothing() {
        Matrix w = new Matrix(5, 2, weights());
        RoundMasks masks = new RoundMasks(0, new int[][] {{}, {2}});
        List<LocalResult> results = List.of(
                new LocalResult(0, 0, new double[0], new double[1]),
                new LocalResult(0, 1, new double[] {5.5, 6.5}, new double[1]));

        Aggregator.aggregate(w, masks, results);

        double[] expected = weights();
        expected[4] = 5.5;
        expected[5] = 6.5;
        assertArrayEquals(expected, w.data(), "W after a round with an empty sub-network");
    }

    @Test
    void resultOutOfOrderIsRejected() {
        Matrix w = new Matrix(5, 2, weights());
        List<LocalResult> swapped = List.of(results().get(1), results().get(0),
                results().get(2));

        assertThrows(IllegalArgumentException.class,
                () -> Aggregator.aggregate(w, masks(), swapped));
    }
}
