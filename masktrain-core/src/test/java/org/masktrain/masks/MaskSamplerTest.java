package org.masktrain.masks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.masktrain.random.RandomStreams;

/** Checks the Bernoulli and categorical mask samplers. */
class MaskSamplerTest {

    private static final long SEED = 1_234L;

    @Test
    void categoricalPutsEveryNeuronInOneSubnetwork() {
        int width = 37;
        int subnetworks = 5;
        CategoricalMaskSampler sampler = new CategoricalMaskSampler(width, subnetworks,
                new RandomStreams(SEED));

        for (int round = 0; round < 50; round++) {
            RoundMasks masks = sampler.sample(round);
            assertEquals(round, masks.round(), "round index");
            assertEquals(subnetworks, masks.subnetworks(), "sub-networks in round " + round);
            int[] memberships = masks.memberships(width);
            for (int r = 0; r < width; r++) {
                assertEquals(1, memberships[r],
                        "sub-networks holding neuron " + r + " in round " + round);
            }
            for (int l = 0; l < subnetworks; l++) {
                assertStrictlyAscending(masks.active()[l], "round " + round + ", mask " + l);
            }
        }
    }

    @Test
    void categoricalAssignsNeuronsUniformly() {
        int width = 40;
        int subnetworks = 4;
        int rounds = 500;
        CategoricalMaskSampler sampler = new CategoricalMaskSampler(width, subnetworks,
                new RandomStreams(SEED));
        long[] sizes = new long[subnetworks];
        for (int round = 0; round < rounds; round++) {
            RoundMasks masks = sampler.sample(round);
            for (int l = 0; l < subnetworks; l++) {
                sizes[l] += masks.active()[l].length;
            }
        }

        // Each count is Binomial(20000, 1/4): mean 5000, standard deviation about 61.
        double draws = (double) width * rounds;
        double standardDeviation = Math.sqrt(draws * (1.0 / subnetworks) * (1 - 1.0 / subnetworks));
        for (int l = 0; l < subnetworks; l++) {
            assertEquals(draws / subnetworks, sizes[l], 5 * standardDeviation,
                    "neurons given to sub-network " + l + " with seed " + SEED);
        }
    }

    @Test
    void bernoulliDensitiesFollowPerSubnetworkXi() {
        int width = 200;
        int rounds = 200;
        double[] xi = {0.2, 0.9};
        BernoulliMaskSampler sampler = new BernoulliMaskSampler(width, xi,
                new RandomStreams(SEED));
        long[] keptCounts = new long[xi.length];
        for (int round = 0; round < rounds; round++) {
            RoundMasks masks = sampler.sample(round);
            for (int l = 0; l < xi.length; l++) {
                assertStrictlyAscending(masks.active()[l], "round " + round + ", mask " + l);
                keptCounts[l] += masks.active()[l].length;
            }
        }

        double draws = (double) width * rounds;
        for (int l = 0; l < xi.length; l++) {
            double density = keptCounts[l] / draws;
            double standardError = Math.sqrt(xi[l] * (1 - xi[l]) / draws);
            assertEquals(xi[l], density, 5 * standardError,
                    "density of mask " + l + " with seed " + SEED);
        }
    }

    @Test
    void bernoulliWithXiOneKeepsEveryNeuron() {
        int width = 25;
        BernoulliMaskSampler sampler = new BernoulliMaskSampler(width, new double[] {1.0, 1.0},
                new RandomStreams(SEED));
        int[] all = new int[width];
        Arrays.setAll(all, r -> r);

        RoundMasks masks = sampler.sample(3);

        assertArrayEquals(all, masks.active()[0], "mask 0");
        assertArrayEquals(all, masks.active()[1], "mask 1");
    }

    @Test
    void sameSeedAndRoundGiveSameMasks() {
        double[] xi = {0.5, 0.5, 0.5};
        MaskSampler first = new BernoulliMaskSampler(30, xi, new RandomStreams(SEED));
        MaskSampler second = new BernoulliMaskSampler(30, xi, new RandomStreams(SEED));
        MaskSampler firstCategorical = new CategoricalMaskSampler(30, 3,
                new RandomStreams(SEED));
        MaskSampler secondCategorical = new CategoricalMaskSampler(30, 3,
                new RandomStreams(SEED));

        // Sampling round 7 after other rounds must not change it.
        second.sample(2);
        secondCategorical.sample(2);

        assertTrue(Arrays.deepEquals(first.sample(7).active(), second.sample(7).active()),
                "Bernoulli masks of round 7, seed " + SEED);
        assertTrue(Arrays.deepEquals(firstCategorical.sample(7).active(),
                secondCategorical.sample(7).active()),
                "categorical masks of round 7, seed " + SEED);
    }

    @Test
    void roundsAndSeedsGiveDifferentMasks() {
        double[] xi = {0.5, 0.5};
        MaskSampler sampler = new BernoulliMaskSampler(64, xi, new RandomStreams(SEED));
        MaskSampler otherSeed = new BernoulliMaskSampler(64, xi, new RandomStreams(SEED + 1));
        MaskSampler categorical = new CategoricalMaskSampler(64, 2, new RandomStreams(SEED));

        RoundMasks round0 = sampler.sample(0);

        assertFalse(Arrays.deepEquals(round0.active(), sampler.sample(1).active()),
                "rounds 0 and 1, seed " + SEED);
        assertFalse(Arrays.deepEquals(round0.active(), otherSeed.sample(0).active()),
                "seeds " + SEED + " and " + (SEED + 1));
        assertFalse(Arrays.equals(round0.active()[0], round0.active()[1]),
                "sub-networks 0 and 1 of one round, seed " + SEED);
        assertFalse(Arrays.deepEquals(categorical.sample(0).active(),
                categorical.sample(1).active()), "categorical rounds 0 and 1, seed " + SEED);
    }

    @Test
    void samplersReportKeepProbabilities() {
        BernoulliMaskSampler bernoulli = new BernoulliMaskSampler(10, new double[] {0.2, 0.9},
                new RandomStreams(SEED));
        CategoricalMaskSampler categorical = new CategoricalMaskSampler(10, 4,
                new RandomStreams(SEED));

        assertEquals(0.9, bernoulli.keepProbability(1), 0.0, "Bernoulli xi_1");
        assertEquals(0.55, bernoulli.meanKeepProbability(), 1e-15, "Bernoulli mean xi");
        assertEquals(2, bernoulli.subnetworks(), "Bernoulli p");
        assertEquals(0.25, categorical.keepProbability(3), 0.0, "categorical xi_3");
        assertEquals(0.25, categorical.meanKeepProbability(), 0.0, "categorical mean xi");
        assertEquals(4, categorical.subnetworks(), "categorical p");
    }

    @Test
    void masksConvertToBytes() {
        RoundMasks masks = new RoundMasks(0, new int[][] {{0, 2}, {}, {1, 2, 3}});
        byte[] out = new byte[14];
        Arrays.fill(out, (byte) 7);

        masks.toBytes(4, out);

        assertArrayEquals(new byte[] {1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 7, 7}, out);
        assertArrayEquals(new int[] {1, 1, 2, 1}, masks.memberships(4), "memberships");
    }

    private static void assertStrictlyAscending(int[] neurons, String description) {
        for (int k = 1; k < neurons.length; k++) {
            assertTrue(neurons[k - 1] < neurons[k], description + ": not ascending at " + k);
        }
    }
}
