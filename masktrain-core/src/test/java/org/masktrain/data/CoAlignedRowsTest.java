package org.masktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.masktrain.linalg.Matrix;

class CoAlignedRowsTest {

    private static Matrix gaussian(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] data = new double[n * d];
        for (int k = 0; k < data.length; k++) {
            data[k] = random.nextGaussian();
        }
        return new Matrix(n, d, data);
    }

    private static void copyRow(Matrix x, int from, int to, double factor) {
        for (int k = 0; k < x.cols(); k++) {
            x.set(to, k, factor * x.get(from, k));
        }
    }

    /** Computes the O(n^2 d) reference: the pair count and each row's smallest group member. */
    private static BruteForce bruteForce(Matrix x, double tolerance) {
        int n = x.rows();
        int d = x.cols();
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = 0; k < d; k++) {
                sum += x.get(i, k) * x.get(i, k);
            }
            norms[i] = Math.sqrt(sum);
        }
        int[] leader = new int[n];
        for (int i = 0; i < n; i++) {
            leader[i] = i;
        }
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (norms[i] == 0 || norms[j] == 0) {
                    continue;
                }
                double cosine = CoAlignedRows.cosine(x.data(), d, i, j, norms);
                if (Math.abs(cosine) >= 1 - tolerance) {
                    pairs++;
                    // Merge the two groups under the smaller leader.
                    int small = Math.min(leader[i], leader[j]);
                    int large = Math.max(leader[i], leader[j]);
                    for (int r = 0; r < n; r++) {
                        if (leader[r] == large) {
                            leader[r] = small;
                        }
                    }
                }
            }
        }
        return new BruteForce(pairs, leader);
    }

    private record BruteForce(long pairs, int[] leader) {
    }

    @Test
    void plantedCopiesNegationsAndScalings() {
        Matrix x = gaussian(200, 20, 1);
        copyRow(x, 10, 50, 1);
        copyRow(x, 20, 77, -1);
        copyRow(x, 30, 130, 3.5);
        copyRow(x, 30, 131, -0.01);

        CoAlignedRows.Result result = CoAlignedRows.find(x, 1e-9, new SplittableRandom(5), 3);

        // Pairs: (10, 50), (20, 77), and all three pairs of the group {30, 130, 131}.
        assertEquals(5, result.pairCount());
        assertEquals(3, result.groupCount());
        assertEquals(4, result.redundantRows());
        assertEquals(10, result.groupLeader()[50]);
        assertEquals(20, result.groupLeader()[77]);
        assertEquals(30, result.groupLeader()[131]);
        assertEquals(199, result.groupLeader()[199]);
        List<int[]> examples = result.examplePairs();
        assertEquals(3, examples.size());
        assertArrayEquals(new int[] {10, 50}, examples.get(0));
        assertArrayEquals(new int[] {20, 77}, examples.get(1));
        assertArrayEquals(new int[] {30, 130}, examples.get(2));
    }

    @Test
    void noPairsInRandomData() {
        CoAlignedRows.Result result = CoAlignedRows.find(gaussian(500, 10, 2), 1e-9,
                new SplittableRandom(1), 3);

        assertEquals(0, result.pairCount());
        assertEquals(0, result.groupCount());
        assertTrue(result.examplePairs().isEmpty());
    }

    @Test
    void matchesBruteForceWithPlantedPairs() {
        for (long seed = 1; seed <= 5; seed++) {
            Matrix x = gaussian(400, 8, seed);
            SplittableRandom plant = new SplittableRandom(seed + 100);
            for (int copy = 0; copy < 30; copy++) {
                int from = plant.nextInt(400);
                int to = plant.nextInt(400);
                double factor = plant.nextBoolean() ? -1 : 1;
                copyRow(x, from, to, factor * (0.1 + 10 * plant.nextDouble()));
            }
            BruteForce expected = bruteForce(x, 1e-9);

            CoAlignedRows.Result result = CoAlignedRows.find(x, 1e-9,
                    new SplittableRandom(seed), 3);

            assertTrue(expected.pairs() >= 20, "seed " + seed + " planted too few pairs");
            assertEquals(expected.pairs(), result.pairCount(), "seed " + seed);
            assertArrayEquals(expected.leader(), result.groupLeader(), "seed " + seed);
        }
    }

    @Test
    void matchesBruteForceWithWideTolerance() {
        // In three dimensions a tolerance of 0.01 makes many near-parallel pairs, so the
        // window and the extra projections are exercised right at the threshold.
        for (long seed = 1; seed <= 5; seed++) {
            Matrix x = gaussian(300, 3, seed);
            copyRow(x, 0, 1, 1);
            copyRow(x, 0, 2, 1);
            BruteForce expected = bruteForce(x, 0.01);

            CoAlignedRows.Result result = CoAlignedRows.find(x, 0.01,
                    new SplittableRandom(seed), 3);

            assertTrue(expected.pairs() > 100, "seed " + seed + " has too few pairs");
            assertEquals(expected.pairs(), result.pairCount(), "seed " + seed);
            assertArrayEquals(expected.leader(), result.groupLeader(), "seed " + seed);
        }
    }

    @Test
    void zeroRowsIgnored() {
        Matrix x = new Matrix(3, 2, new double[] {0, 0, 1, 2, 0, 0});

        CoAlignedRows.Result result = CoAlignedRows.find(x, 1e-9, new SplittableRandom(1), 3);

        assertEquals(0, result.pairCount());
    }

    @Test
    void largeIdenticalGroupStaysFast() {
        int n = 20000;
        Matrix x = gaussian(n, 30, 3);
        for (int i = 1; i < n; i += 2) {
            copyRow(x, 0, i, 1);
        }

        CoAlignedRows.Result result = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> CoAlignedRows.find(x, 1e-9, new SplittableRandom(1), 3));

        long groupSize = n / 2 + 1;
        assertEquals(groupSize * (groupSize - 1) / 2, result.pairCount());
        assertEquals(1, result.groupCount());
        assertArrayEquals(new int[] {0, 1}, result.examplePairs().get(0));
        assertArrayEquals(new int[] {0, 3}, result.examplePairs().get(1));
    }

    @Test
    void imageSizedDataFinishesInSeconds() {
        // 60000 x 784 non-negative rows, the shape of the Fashion-MNIST training set. A scan of
        // all pairs would take hours; the search took about 2 s on a 2-core machine.
        int n = 60000;
        int d = 784;
        SplittableRandom random = new SplittableRandom(9);
        double[] data = new double[n * d];
        for (int k = 0; k < data.length; k++) {
            data[k] = random.nextInt(4) == 0 ? random.nextInt(256) : 0;
        }
        Matrix x = new Matrix(n, d, data);
        copyRow(x, 17, 59999, 2);

        CoAlignedRows.Result result = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> CoAlignedRows.find(x, 1e-9, new SplittableRandom(1), 3));

        assertEquals(1, result.pairCount());
        assertArrayEquals(new int[] {17, 59999}, result.examplePairs().get(0));
    }
}
