package org.masktrain.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.masktrain.linalg.JavaKernel;
import org.masktrain.linalg.Matrix;
import org.masktrain.masks.BernoulliMaskSampler;
import org.masktrain.masks.RoundMasks;
import org.masktrain.random.RandomStreams;
import org.masktrain.training.TestProblems;

/** The finite-width and masked NTKs against their definitions and the closed form. */
class FiniteWidthNtkTest {

    private static final long SEED = 5L;

    @Test
    void entriesMatchDefinition() {
        int n = 9;
        int d = 4;
        int m = 13;
        double xi = 0.4;
        Matrix x = TestProblems.unitRows(SEED, n, d);
        Matrix w = gaussian(SEED + 1, m, d);
        int[] active = {0, 2, 3, 7, 12};
        try (FiniteWidthNtk full = FiniteWidthNtk.full(x, w, xi, new JavaKernel(), 1);
                FiniteWidthNtk masked = FiniteWidthNtk.masked(x, w, active, new JavaKernel(),
                        1)) {
            double[] fullDense = full.toDense();
            double[] maskedDense = masked.toDense();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double inner = dot(x.row(i), x.row(j));
                    int all = 0;
                    for (int r = 0; r < m; r++) {
                        all += bothActive(w.row(r), x.row(i), x.row(j)) ? 1 : 0;
                    }
                    int kept = 0;
                    for (int r : active) {
                        kept += bothActive(w.row(r), x.row(i), x.row(j)) ? 1 : 0;
                    }
                    assertEquals(xi / m * inner * all, fullDense[i * n + j], 1e-15,
                            "H entry " + i + ", " + j);
                    assertEquals(1.0 / m * inner * kept, maskedDense[i * n + j], 1e-15,
                            "masked entry " + i + ", " + j);
                }
            }
        }
    }

    @Test
    void activationPatternsMatchSigns() {
        Matrix x = TestProblems.unitRows(SEED, 7, 3);
        Matrix w = gaussian(SEED + 2, 5, 3);
        try (FiniteWidthNtk full = FiniteWidthNtk.full(x, w, 1.0, new JavaKernel(), 1)) {
            byte[] patterns = full.activationPatterns();
            for (int i = 0; i < 7; i++) {
                for (int r = 0; r < 5; r++) {
                    int expected = dot(w.row(r), x.row(i)) >= 0 ? 1 : 0;
                    assertEquals(expected, patterns[i * 5 + r], "pattern " + i + ", " + r);
                }
            }
        }
    }

    /** Both product routes (block pairs and the factored form) equal the dense product. */
    @Test
    void productRoutesMatchDense() {
        // n = 600, d = 5, h = 8 and one vector select the factored route.
        checkProduct(600, 5, 8, 1);
        // n = 100, d = 50, h = 200 and four vectors select the block-pair route.
        checkProduct(100, 50, 200, 4);
    }

    private static void checkProduct(int n, int d, int h, int count) {
        Matrix x = TestProblems.unitRows(SEED, n, d);
        Matrix w = gaussian(SEED + 3, h, d);
        double[] vectors = new double[n * count];
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = random.nextGaussian();
        }
        try (FiniteWidthNtk ntk = FiniteWidthNtk.full(x, w, 0.5, new JavaKernel(), 2)) {
            double[] product = new double[n * count];
            ntk.multiply(vectors, count, product);
            double[] dense = ntk.toDense();
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < count; c++) {
                    double expected = 0.0;
                    for (int j = 0; j < n; j++) {
                        expected += dense[i * n + j] * vectors[j * count + c];
                    }
                    assertEquals(expected, product[i * count + c], 1e-9 * (1 + Math.abs(expected)),
                            "n = " + n + ", row " + i + ", vector " + c);
                }
            }
        }
    }

    /**
     * H(0) of m neurons drawn from N(0, I) approaches the closed form like 1/sqrt(m): from
     * m = 100 to m = 12,800 the Frobenius distance shrinks by about sqrt(128) = 11.3.
     */
    @Test
    void finiteWidthConvergesToClosedForm() {
        int n = 30;
        int d = 10;
        Matrix x = TestProblems.unitRows(SEED, n, d);
        int[] widths = {100, 400, 1600, 6400, 12800};
        double[] distances = new double[widths.length];
        try (InfiniteWidthNtk closedForm = new InfiniteWidthNtk(x, 1.0, new JavaKernel(), 1)) {
            for (int k = 0; k < widths.length; k++) {
                // Average over four draws, so one lucky draw cannot fake the trend.
                double sum = 0.0;
                for (int draw = 0; draw < 4; draw++) {
                    Matrix w = gaussian(SEED * 31 + widths[k] * 7L + draw, widths[k], d);
                    try (FiniteWidthNtk finite = FiniteWidthNtk.full(x, w, 1.0,
                            new JavaKernel(), 1)) {
                        sum += finite.frobeniusDistance(closedForm);
                    }
                }
                distances[k] = sum / 4;
            }
        }
        double shrink = distances[0] / distances[widths.length - 1];
        double slope = Math.log(distances[widths.length - 1] / distances[0])
                / Math.log((double) widths[widths.length - 1] / widths[0]);
        String detail = "distance shrink from m = 100 to 12800: " + shrink + " (distances "
                + java.util.Arrays.toString(distances) + ")";
        assertTrue(shrink > 6, detail);
        assertTrue(shrink < 20, detail);
        assertEquals(-0.5, slope, 0.12, "log-log slope of the distance against m");
        for (int k = 1; k < widths.length; k++) {
            assertTrue(distances[k] < distances[k - 1], "distance at m = " + widths[k]
                    + " below that at m = " + widths[k - 1]);
        }
    }

    /**
     * The mean of the masked NTK over Bernoulli(xi) masks is H(k), whose definition carries
     * the factor xi: every entry of the mean over 4000 masks is within 5 standard errors of
     * H, and far from H / xi.
     */
    @Test
    void maskedMeanIsFiniteWidthNtk() {
        int n = 8;
        int d = 3;
        int m = 40;
        double xi = 0.3;
        int masks = 4000;
        Matrix x = TestProblems.unitRows(SEED, n, d);
        Matrix w = gaussian(SEED + 4, m, d);

        // Sums and sums of squares of every entry over the masks.
        BernoulliMaskSampler sampler = new BernoulliMaskSampler(m, new double[] {xi},
                new RandomStreams(SEED));
        double[] sum = new double[n * n];
        double[] sumSquares = new double[n * n];
        for (int k = 0; k < masks; k++) {
            RoundMasks round = sampler.sample(k);
            try (FiniteWidthNtk masked = FiniteWidthNtk.masked(x, w, round.active()[0],
                    new JavaKernel(), 1)) {
                double[] dense = masked.toDense();
                for (int e = 0; e < dense.length; e++) {
                    sum[e] += dense[e];
                    sumSquares[e] += dense[e] * dense[e];
                }
            }
        }

        double[] full;
        try (FiniteWidthNtk ntk = FiniteWidthNtk.full(x, w, xi, new JavaKernel(), 1)) {
            full = ntk.toDense();
        }

        boolean farFromUnscaled = false;
        for (int e = 0; e < n * n; e++) {
            double mean = sum[e] / masks;
            double variance = Math.max(0.0, sumSquares[e] / masks - mean * mean);
            double standardError = Math.sqrt(variance / (masks - 1));
            assertEquals(full[e], mean, 5 * standardError + 1e-15,
                    "entry " + e / n + ", " + e % n + " of the mean masked NTK, seed " + SEED);
            farFromUnscaled |= Math.abs(full[e] / xi - mean) > 20 * standardError;
        }
        assertTrue(farFromUnscaled, "the mean must differ from H without the xi factor");
    }

    @Test
    void emptyMaskGivesZeroMatrix() {
        Matrix x = TestProblems.unitRows(SEED, 4, 3);
        Matrix w = gaussian(SEED, 6, 3);
        try (FiniteWidthNtk masked = FiniteWidthNtk.masked(x, w, new int[0], new JavaKernel(),
                1)) {
            assertArrayEquals(new double[16], masked.toDense(), 0.0, "dense matrix");
            double[] product = new double[4];
            masked.multiply(new double[] {1, 2, 3, 4}, 1, product);
            assertArrayEquals(new double[4], product, 0.0, "product");
        }
    }

    static Matrix gaussian(long seed, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextGaussian();
        }
        return new Matrix(rows, cols, data);
    }

    private static boolean bothActive(double[] w, double[] xi, double[] xj) {
        return dot(w, xi) >= 0 && dot(w, xj) >= 0;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0.0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }
}
