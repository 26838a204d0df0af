package org.masktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.masktrain.random.RandomStreams;

/** Checks the initialization and copies of {@link Network}. */
class NetworkTest {

    private static final long SEED = 2_024L;

    @Test
    void initializeHasRequestedShape() {
        Network network = Network.initialize(12, 5, 3, 1.0, new RandomStreams(SEED));

        assertEquals(12, network.width(), "m");
        assertEquals(5, network.inputs(), "d");
        assertEquals(3, network.outputs(), "c");
        assertEquals(12, network.signs().rows(), "rows of a");
    }

    @Test
    void signsArePlusOrMinusOne() {
        Network network = Network.initialize(400, 2, 3, 1.0, new RandomStreams(SEED));
        int positive = 0;

        for (double sign : network.signs().data()) {
            assertTrue(sign == 1.0 || sign == -1.0, "sign " + sign);
            if (sign > 0) {
                positive++;
            }
        }

        // 1200 fair coins: mean 600, standard deviation about 17.
        assertEquals(600, positive, 5 * 17.4, "positive signs with seed " + SEED);
    }

    @Test
    void weightsHaveStandardDeviationKappa() {
        double kappa = 0.25;
        Network network = Network.initialize(500, 20, 1, kappa, new RandomStreams(SEED));
        double[] w = network.weights().data();
        double sum = 0.0;
        double sumOfSquares = 0.0;
        for (double value : w) {
            sum += value;
            sumOfSquares += value * value;
        }

        double mean = sum / w.length;
        double standardDeviation = Math.sqrt(sumOfSquares / w.length - mean * mean);
        // 10000 draws: standard error of the mean kappa/100, of the deviation about kappa/141.
        assertEquals(0.0, mean, 5 * kappa / 100, "mean of W_0 with seed " + SEED);
        assertEquals(kappa, standardDeviation, 5 * kappa / 141,
                "standard deviation of W_0 with seed " + SEED);
    }

    @Test
    void sameSeedGivesSameNetwork() {
        Network first = Network.initialize(10, 4, 2, 1.0, new RandomStreams(SEED));
        Network second = Network.initialize(10, 4, 2, 1.0, new RandomStreams(SEED));
        Network other = Network.initialize(10, 4, 2, 1.0, new RandomStreams(SEED + 1));

        assertArrayEquals(first.weights().data(), second.weights().data(), "W_0");
        assertArrayEquals(first.signs().data(), second.signs().data(), "a");
        assertFalse(Arrays.equals(first.weights().data(), other.weights().data()),
                "W_0 of seeds " + SEED + " and " + (SEED + 1));
    }

    @Test
    void copyIsDeep() {
        Network network = Network.initialize(3, 2, 1, 1.0, new RandomStreams(SEED));
        Network copy = network.copy();
        double original = network.weights().get(0, 0);

        network.weights().set(0, 0, original + 1.0);
        network.signs().set(0, 0, -network.signs().get(0, 0));

        assertEquals(original, copy.weights().get(0, 0), 0.0, "copied weight");
        assertEquals(-network.signs().get(0, 0), copy.signs().get(0, 0), 0.0, "copied sign");
    }
}
