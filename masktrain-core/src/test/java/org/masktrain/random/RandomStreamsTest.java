package org.masktrain.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Checks that {@link RandomStreams} keys map to repeatable and distinct streams. */
class RandomStreamsTest {

    private static final long SEED = 42L;

    @Test
    void distinctKeysGiveDistinctSeeds() {
        RandomStreams streams = new RandomStreams(SEED);
        Map<Long, String> seen = new HashMap<>();
        for (RandomStreams.Purpose purpose : RandomStreams.Purpose.values()) {
            for (long first = -1; first < 40; first++) {
                for (long second = -1; second < 40; second++) {
                    String key = purpose + "/" + first + "/" + second;
                    String previous = seen.put(streams.seedFor(purpose, first, second), key);
                    assertEquals(null, previous, "keys " + previous + " and " + key
                            + " share a seed, root seed " + SEED);
                }
            }
        }
    }

    @Test
    void swappedIndicesGiveDistinctSeeds() {
        RandomStreams streams = new RandomStreams(SEED);

        assertNotEquals(streams.seedFor(RandomStreams.Purpose.MASKS, 1, 2),
                streams.seedFor(RandomStreams.Purpose.MASKS, 2, 1));
    }

    @Test
    void rootSeedChangesEveryKey() {
        RandomStreams streams = new RandomStreams(SEED);
        RandomStreams other = new RandomStreams(SEED + 1);

        for (RandomStreams.Purpose purpose : RandomStreams.Purpose.values()) {
            assertNotEquals(streams.seedFor(purpose, 3, 4), other.seedFor(purpose, 3, 4),
                    purpose.toString());
        }
    }

    @Test
    void sameKeyRepeatsItsDraws() {
        RandomStreams streams = new RandomStreams(SEED);
        SplittableRandom first = streams.stream(RandomStreams.Purpose.MINIBATCH, 5, 2);
        SplittableRandom second = new RandomStreams(SEED)
                .stream(RandomStreams.Purpose.MINIBATCH, 5, 2);

        for (int draw = 0; draw < 20; draw++) {
            assertEquals(first.nextLong(), second.nextLong(), "draw " + draw);
        }
    }

    @Test
    void purposesDoNotShareDraws() {
        RandomStreams streams = new RandomStreams(SEED);

        long masks = streams.stream(RandomStreams.Purpose.MASKS, 0, 0).nextLong();
        long minibatch = streams.stream(RandomStreams.Purpose.MINIBATCH, 0, 0).nextLong();
        long weights = streams.stream(RandomStreams.Purpose.INIT_WEIGHTS).nextLong();
        long signs = streams.stream(RandomStreams.Purpose.INIT_SIGNS).nextLong();

        assertNotEquals(masks, minibatch, "masks and minibatch");
        assertNotEquals(weights, signs, "initial weights and signs");
        assertNotEquals(masks, weights, "masks and initial weights");
    }

    @Test
    void oneIndexStreamDiffersFromTwoIndexStream() {
        RandomStreams streams = new RandomStreams(SEED);

        // Categorical masks use (round) and Bernoulli masks use (round, sub-network).
        assertNotEquals(streams.stream(RandomStreams.Purpose.MASKS, 3).nextLong(),
                streams.stream(RandomStreams.Purpose.MASKS, 3, 0).nextLong());
    }

    @Test
    void rootSeedIsKept() {
        assertEquals(SEED, new RandomStreams(SEED).rootSeed());
    }
}
