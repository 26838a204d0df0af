package org.masktrain.random;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from one root seed by index.
 *
 * <p>Every random draw of a run comes from a generator returned here, keyed by a {@link Purpose}
 * and up to two indices (for example round k and sub-network l). A key always maps to the same
 * seed, so a draw does not depend on how many threads, executors or retries a run used, nor on
 * the order in which sub-networks ran. The key is hashed with the SplitMix64 finalizer; distinct
 * keys give statistically independent {@link SplittableRandom} generators.
 *
 * <p>Instances are immutable and thread-safe; the generators they return are not.
 */
public final class RandomStreams {

    /** Purpose of a stream. It is part of every key, so purposes never share draws. */
    public enum Purpose {
        /** Initial hidden-layer weights W_0. */
        INIT_WEIGHTS,
        /** Initial second-layer signs a. */
        INIT_SIGNS,
        /** Masks of round k (and sub-network l for independent Bernoulli masks). */
        MASKS,
        /** Minibatch order of round k, sub-network l. */
        MINIBATCH,
        /** Train and held-out split of the data. */
        DATA_SPLIT,
        /** Direction used to sort rows when searching for co-aligned pairs. */
        DATA_CHECK,
        /** Root seed of one run of a sweep, keyed by the cell index and the repetition. */
        SWEEP_CELL
    }

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long rootSeed;

    public RandomStreams(long rootSeed) {
        this.rootSeed = rootSeed;
    }

    public long rootSeed() {
        return rootSeed;
    }

    /** Returns a fresh generator for {@code purpose} alone. */
    public SplittableRandom stream(Purpose purpose) {
        return new SplittableRandom(seedFor(purpose, -1, -1));
    }

    /** Returns a fresh generator for {@code purpose} and one index, such as a round. */
    public SplittableRandom stream(Purpose purpose, long first) {
        return new SplittableRandom(seedFor(purpose, first, -1));
    }

    /** Returns a fresh generator for {@code purpose} and two indices: round and sub-network. */
    public SplittableRandom stream(Purpose purpose, long first, long second) {
        return new SplittableRandom(seedFor(purpose, first, second));
    }

    /** Returns the 64-bit seed of a key; equal keys give equal seeds on every machine. */
    public long seedFor(Purpose purpose, long first, long second) {
        long h = mix(rootSeed + GOLDEN_GAMMA);
        h = mix(h ^ (purpose.ordinal() + 1L) * GOLDEN_GAMMA);
        h = mix(h ^ (first + 2L) * 0xBF58476D1CE4E5B9L);
        h = mix(h ^ (second + 2L) * 0x94D049BB133111EBL);
        return h;
    }

    /** The SplitMix64 finalizer: a bijective 64-bit mixing function. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
