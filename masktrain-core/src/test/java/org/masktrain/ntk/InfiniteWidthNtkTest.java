package org.masktrain.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.masktrain.linalg.JavaKernel;
import org.masktrain.linalg.Matrix;
import org.masktrain.training.TestProblems;

/** The closed-form infinite-width NTK against its definition and its exact special values. */
class InfiniteWidthNtkTest {

    private static final long SEED = 11L;

    /**
     * Checks the closed form against {@code E_w[<x_i, x_j> 1{w.x_i >= 0, w.x_j >= 0}]} for
     * w ~ N(0, I): a Monte Carlo mean over 200,000 draws lies within 4 standard errors of it.
     */
    @ParameterizedTest
    @ValueSource(doubles = {-0.95, -0.5, 0.0, 0.3, 0.8, 0.99})
    void closedFormMatchesMonteCarlo(double rho) {
        double[] xi = {1.0, 0.0, 0.0};
        double[] xj = {rho, Math.sqrt(1 - rho * rho), 0.0};
        SplittableRandom random = new SplittableRandom(SEED);
        int draws = 200_000;
        double sum = 0.0;
        double sumSquares = 0.0;
        for (int s = 0; s < draws; s++) {
            double w0 = random.nextGaussian();
            double w1 = random.nextGaussian();
            double w2 = random.nextGaussian();
            boolean both = w0 * xi[0] + w1 * xi[1] + w2 * xi[2] >= 0
                    && w0 * xj[0] + w1 * xj[1] + w2 * xj[2] >= 0;
            double value = both ? rho : 0.0;
            sum += value;
            sumSquares += value * value;
        }
        double mean = sum / draws;
        double variance = (sumSquares / draws - mean * mean) * draws / (draws - 1);
        double standardError = Math.sqrt(variance / draws);
        double expected = rho * (Math.PI - Math.acos(rho)) / (2 * Math.PI);

        assertEquals(expected, InfiniteWidthNtk.unitEntry(rho), 1e-15, "unitEntry");
        assertEquals(expected, mean, Math.max(4 * standardError, 1e-12),
                "Monte Carlo mean, seed " + SEED);
    }

    @Test
    void orthogonalRowsGiveZero() {
        Matrix x = new Matrix(2, 3, new double[] {1, 0, 0, 0, 1, 0});
        try (InfiniteWidthNtk ntk = new InfiniteWidthNtk(x, 0.7, new JavaKernel(), 1)) {
            assertEquals(0.0, ntk.entry(0, 1), 0.0, "entry (0, 1)");
            assertEquals(0.0, ntk.entry(1, 0), 0.0, "entry (1, 0)");
        }
    }

    @Test
    void identicalRowsGiveHalfXi() {
        double xi = 0.3;
        Matrix x = TestProblems.unitRows(SEED, 2, 5);
        double[] data = x.data();
        System.arraycopy(data, 0, data, 5, 5);
        try (InfiniteWidthNtk ntk = new InfiniteWidthNtk(x, xi, new JavaKernel(), 1)) {
            assertEquals(xi / 2, ntk.entry(0, 0), 0.0, "diagonal entry");
            assertEquals(xi / 2, ntk.entry(0, 1), 1e-15, "entry of two equal rows");
        }
        assertEquals(0.5, InfiniteWidthNtk.unitEntry(1.0), 0.0, "unitEntry(1)");
    }

    @Test
    void oppositeRowsGiveZero() {
        assertEquals(0.0, InfiniteWidthNtk.unitEntry(-1.0), 0.0, "unitEntry(-1)");
        assertEquals(0.0, InfiniteWidthNtk.unitEntry(-1.5), 0.0, "unitEntry clamps below -1");
        assertEquals(0.5, InfiniteWidthNtk.unitEntry(1.0 + 1e-12), 1e-11,
                "unitEntry clamps above 1");
    }

    /** For rows of any norm the entry is {@code <x_i, x_j> (pi - angle) / (2 pi)}. */
    @Test
    void scaledRowsScaleTheEntry() {
        double angle = 1.1;
        Matrix x = new Matrix(2, 2, new double[] {3, 0, 0.5 * Math.cos(angle),
            0.5 * Math.sin(angle)});
        try (InfiniteWidthNtk ntk = new InfiniteWidthNtk(x, 1.0, new JavaKernel(), 1)) {
            double inner = 3 * 0.5 * Math.cos(angle);
            assertEquals(inner * (Math.PI - angle) / (2 * Math.PI), ntk.entry(0, 1), 1e-15,
                    "off-diagonal entry");
            assertEquals(9 * 0.5, ntk.entry(0, 0), 1e-14, "diagonal entry of a norm-3 row");
        }
    }

    @Test
    void zeroRowGivesZeroRowAndColumn() {
        Matrix x = new Matrix(2, 2, new double[] {0, 0, 0.6, 0.8});
        try (InfiniteWidthNtk ntk = new InfiniteWidthNtk(x, 1.0, new JavaKernel(), 1)) {
            assertEquals(0.0, ntk.entry(0, 0), 0.0, "entry (0, 0)");
            assertEquals(0.0, ntk.entry(0, 1), 0.0, "entry (0, 1)");
            assertEquals(0.5, ntk.entry(1, 1), 0.0, "entry (1, 1)");
        }
    }

    /** 700 rows make 8 row blocks, so products cross block boundaries and use symmetry. */
    @Test
    void productMatchesDenseAcrossBlocksAndThreads() {
        int n = 700;
        Matrix x = TestProblems.unitRows(SEED, n, 6);
        int count = 3;
        double[] vectors = new double[n * count];
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = random.nextGaussian();
        }
        double[] single = new double[n * count];
        double[] dense;
        try (InfiniteWidthNtk ntk = new InfiniteWidthNtk(x, 0.5, new JavaKernel(), 1)) {
            assertTrue(ntk.blockCount() > 1, "blocks: " + ntk.blockCount());
            ntk.multiply(vectors, count, single);
            dense = ntk.toDense();
            double frobenius = 0.0;
            for (double value : dense) {
                frobenius += value * value;
            }
            assertEquals(Math.sqrt(frobenius), ntk.frobeniusNorm(), 1e-10,
                    "blockwise Frobenius norm");
        }
        double[] threaded = new double[n * count];
        try (InfiniteWidthNtk ntk = new InfiniteWidthNtk(x, 0.5, new JavaKernel(), 3)) {
            ntk.multiply(vectors, count, threaded);
        }
        assertArrayEquals(single, threaded, 0.0, "product with 1 and 3 threads");

        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(dense[i * n + j], dense[j * n + i], 0.0,
                        "symmetry at " + i + ", " + j);
            }
            for (int c = 0; c < count; c++) {
                double expected = 0.0;
                for (int j = 0; j < n; j++) {
                    expected += dense[i * n + j] * vectors[j * count + c];
                }
                assertEquals(expected, single[i * count + c], 1e-10, "row " + i + ", vector " + c);
            }
        }
    }
}
