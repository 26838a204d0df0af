package org.masktrain.masks;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.masktrain.random.RandomStreams;

/**
 * Bernoulli masks: entry {@code mm^l_r} is 1 with probability {@code xi_l}, independently over
 * neurons and sub-networks. A neuron may sit in several sub-networks or in none. The mask of
 * round k and sub-network l is drawn from its own stream, keyed by (k, l).
 */
public final class BernoulliMaskSampler implements MaskSampler {

    private final int width;
    private final double[] keepProbabilities;
    private final RandomStreams streams;

    /**
     * @param keepProbabilities xi_l for each sub-network, each in (0, 1]; copied
     */
    public BernoulliMaskSampler(int width, double[] keepProbabilities, RandomStreams streams) {
        this.width = width;
        this.keepProbabilities = keepProbabilities.clone();
        this.streams = streams;
    }

    @Override
    public RoundMasks sample(int round) {
        int[][] active = new int[keepProbabilities.length][];
        int[] buffer = new int[width];
        for (int l = 0; l < active.length; l++) {
            SplittableRandom random = streams.stream(RandomStreams.Purpose.MASKS, round, l);
            double xi = keepProbabilities[l];
            int count = 0;
            for (int r = 0; r < width; r++) {
                // Draw for every neuron even when xi = 1, so the stream's use never varies.
                if (random.nextDouble() < xi) {
                    buffer[count++] = r;
                }
            }
            active[l] = Arrays.copyOf(buffer, count);
        }
        return new RoundMasks(round, active);
    }

    @Override
    public int subnetworks() {
        return keepProbabilities.length;
    }

    @Override
    public double keepProbability(int subnet) {
        return keepProbabilities[subnet];
    }

    @Override
    public double meanKeepProbability() {
        return Arrays.stream(keepProbabilities).average().orElseThrow();
    }
}
