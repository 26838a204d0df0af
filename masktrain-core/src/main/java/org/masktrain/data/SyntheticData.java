package org.masktrain.data;

import java.util.SplittableRandom;
import org.masktrain.linalg.Matrix;

/**
 * Synthetic classification data of any shape, for benchmarks and tests: Gaussian inputs and
 * one-hot targets given by the arg-max of a random linear teacher. Equal seeds give equal data.
 */
public final class SyntheticData {

    private SyntheticData() {
    }

    /** Returns n samples of dimension d with c one-hot classes. */
    public static RawData generate(int n, int d, int c, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[Math.multiplyExact(n, d)];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        double[] teacher = new double[d * c];
        for (int i = 0; i < teacher.length; i++) {
            teacher[i] = random.nextGaussian();
        }
        double[] y = new double[n * c];
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                double score = 0.0;
                for (int k = 0; k < d; k++) {
                    score += x[i * d + k] * teacher[k * c + j];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = j;
                }
            }
            y[i * c + best] = 1.0;
        }
        String description = "synthetic Gaussian data (" + n + " x " + d + ", " + c
                + " classes from a random linear teacher, seed " + seed + ")";
        return new RawData(new Matrix(n, d, x), new Matrix(n, c, y), true, description, n, n,
                java.util.List.of());
    }
}
