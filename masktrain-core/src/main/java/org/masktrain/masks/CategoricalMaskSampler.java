package org.masktrain.masks;

import java.util.SplittableRandom;
import org.masktrain.random.RandomStreams;

/**
 * Categorical masks: every neuron is assigned to one of the p sub-networks uniformly and
 * independently, the non-overlapping partition of Independent Subnetwork Training. Every
 * neuron is in exactly one sub-network, and xi = 1/p. Round k draws from the stream keyed by k.
 */
public final class CategoricalMaskSampler implements MaskSampler {

    private final int width;
    private final int subnetworks;
    private final RandomStreams streams;

    public CategoricalMaskSampler(int width, int subnetworks, RandomStreams streams) {
        this.width = width;
        this.subnetworks = subnetworks;
        this.streams = streams;
    }

    @Override
    public RoundMasks sample(int round) {
        SplittableRandom random = streams.stream(RandomStreams.Purpose.MASKS, round);
        int[] owner = new int[width];
        int[] sizes = new int[subnetworks];
        for (int r = 0; r < width; r++) {
            owner[r] = random.nextInt(subnetworks);
            sizes[owner[r]]++;
        }
        int[][] active = new int[subnetworks][];
        for (int l = 0; l < subnetworks; l++) {
            active[l] = new int[sizes[l]];
        }
        int[] filled = new int[subnetworks];
        for (int r = 0; r < width; r++) {
            active[owner[r]][filled[owner[r]]++] = r;
        }
        return new RoundMasks(round, active);
    }

    @Override
    public int subnetworks() {
        return subnetworks;
    }

    @Override
    public double keepProbability(int subnet) {
        return 1.0 / subnetworks;
    }

    @Override
    public double meanKeepProbability() {
        return 1.0 / subnetworks;
    }
}
