package org.masktrain.training;

import org.masktrain.linalg.Matrix;

/**
 * Reference computations of the one-hidden-layer ReLU network written as plain loops over
 * two-dimensional arrays, independent of the matrix kernels and of the production element-wise
 * code. The model and the gradient are those of "On the Convergence of Shallow Neural Network
 * Training with Randomly Masked Neurons" (Liao and Kyrillidis, TMLR 2022):
 * {@code U(x) = s / sqrt(m) * sum_r a_r * relu(<w_r, x>)} over the rows given, where s is the
 * output scale (1 for a sub-network under paper scaling, 1/xi under inverted scaling, xi for
 * the full network under paper scaling).
 */
public final class NaiveNetwork {

    private NaiveNetwork() {
    }

    /** Returns the rows of {@code matrix} as new arrays. */
    public static double[][] rows(Matrix matrix) {
        return rows(matrix.data(), matrix.rows(), matrix.cols());
    }

    /** Returns the rows of a row-major {@code rowCount x cols} array as new arrays. */
    public static double[][] rows(double[] data, int rowCount, int cols) {
        double[][] out = new double[rowCount][cols];
        for (int i = 0; i < rowCount; i++) {
            System.arraycopy(data, i * cols, out[i], 0, cols);
        }
        return out;
    }

    /** Returns copies of the rows {@code indices} of {@code matrix}, in that order. */
    public static double[][] selectRows(double[][] matrix, int[] indices) {
        double[][] out = new double[indices.length][];
        for (int k = 0; k < indices.length; k++) {
            out[k] = matrix[indices[k]].clone();
        }
        return out;
    }

    /** Returns the rows joined into one row-major array. */
    public static double[] flatten(double[][] matrix) {
        int cols = matrix.length == 0 ? 0 : matrix[0].length;
        double[] out = new double[matrix.length * cols];
        for (int i = 0; i < matrix.length; i++) {
            System.arraycopy(matrix[i], 0, out, i * cols, cols);
        }
        return out;
    }

    /** Returns the pre-activation {@code <w_r, x_i>}. */
    public static double preActivation(double[] weights, double[] input) {
        double sum = 0.0;
        for (int j = 0; j < weights.length; j++) {
            sum += weights[j] * input[j];
        }
        return sum;
    }

    /**
     * Returns the n x c outputs {@code s / sqrt(m) * sum_r a_r * relu(<w_r, x_i>)} summed over
     * the given rows of W (h x d) and a (h x c).
     */
    public static double[][] outputs(double[][] w, double[][] a, double[][] x, int width,
            double scale, int c) {
        double factor = scale / Math.sqrt(width);
        double[][] out = new double[x.length][c];
        for (int i = 0; i < x.length; i++) {
            for (int r = 0; r < w.length; r++) {
                double hidden = Math.max(0.0, preActivation(w[r], x[i]));
                for (int j = 0; j < c; j++) {
                    out[i][j] += factor * a[r][j] * hidden;
                }
            }
        }
        return out;
    }

    /** Returns {@code ||p - q||_F^2}. */
    public static double squaredDistance(double[][] p, double[][] q) {
        double sum = 0.0;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[i].length; j++) {
                double difference = p[i][j] - q[i][j];
                sum += difference * difference;
            }
        }
        return sum;
    }

    /**
     * Returns the gradient of {@code ||Y - U||_F^2 / 2} with respect to the given rows of W:
     * {@code g_r = s / sqrt(m) * sum_i <a_r, U(x_i) - y_i> * x_i * 1{<w_r, x_i> >= 0}}.
     */
    public static double[][] gradient(double[][] w, double[][] a, double[][] x, double[][] y,
            int width, double scale) {
        int c = y[0].length;
        double[][] u = outputs(w, a, x, width, scale, c);
        double factor = scale / Math.sqrt(width);
        double[][] g = new double[w.length][x[0].length];
        for (int r = 0; r < w.length; r++) {
            for (int i = 0; i < x.length; i++) {
                if (preActivation(w[r], x[i]) < 0.0) {
                    continue;
                }
                double signal = 0.0;
                for (int j = 0; j < c; j++) {
                    signal += a[r][j] * (u[i][j] - y[i][j]);
                }
                for (int col = 0; col < x[i].length; col++) {
                    g[r][col] += factor * signal * x[i][col];
                }
            }
        }
        return g;
    }

    /** Returns {@code w - eta * g} as new arrays. */
    public static double[][] step(double[][] w, double[][] g, double eta) {
        double[][] out = new double[w.length][];
        for (int r = 0; r < w.length; r++) {
            out[r] = new double[w[r].length];
            for (int j = 0; j < w[r].length; j++) {
                out[r][j] = w[r][j] - eta * g[r][j];
            }
        }
        return out;
    }
}
