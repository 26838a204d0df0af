package org.masktrain.training;

import java.util.SplittableRandom;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.Matrix;

/**
 * Small random training problems for tests: inputs with unit-norm rows (the data assumption of
 * "On the Convergence of Shallow Neural Network Training with Randomly Masked Neurons") and
 * targets uniform on [-1, 1]. Equal seeds give equal problems.
 */
public final class TestProblems {

    private TestProblems() {
    }

    /** Returns an n x d matrix whose rows are Gaussian directions scaled to unit norm. */
    public static Matrix unitRows(long seed, int n, int d) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] data = new double[n * d];
        for (int i = 0; i < n; i++) {
            double norm = 0.0;
            for (int j = 0; j < d; j++) {
                double value = random.nextGaussian();
                data[i * d + j] = value;
                norm += value * value;
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                data[i * d + j] /= norm;
            }
        }
        return new Matrix(n, d, data);
    }

    /** Returns an n x c matrix of targets drawn uniformly from [-1, 1]. */
    public static Matrix targets(long seed, int n, int c) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] data = new double[n * c];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextDouble(-1.0, 1.0);
        }
        return new Matrix(n, c, data);
    }

    /** Returns a data set of n unit-norm inputs in d dimensions with c targets each. */
    public static Dataset dataset(long seed, int n, int d, int c) {
        Matrix x = unitRows(seed, n, d);
        Matrix y = targets(seed ^ 0x5DEECE66DL, n, c);
        return new Dataset(x, y, false);
    }

    /** Returns {@code data} with every target multiplied by {@code factor}. */
    public static Dataset scaleTargets(Dataset data, double factor) {
        double[] y = data.y().data().clone();
        for (int i = 0; i < y.length; i++) {
            y[i] *= factor;
        }
        return new Dataset(data.x(), new Matrix(data.n(), data.c(), y), data.oneHot());
    }
}
