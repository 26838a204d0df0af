package org.masktrain.model;

import java.util.SplittableRandom;
import org.masktrain.linalg.Matrix;
import org.masktrain.random.RandomStreams;

/**
 * The one-hidden-layer ReLU network in the NTK parametrization,
 * {@code f(W, x) = (1 / sqrt(m)) * sum_r a_r * relu(<w_r, x>)}, with W (m x d) trained and the
 * second layer a (m x c, entries in {-1, +1}) fixed. Model of "On the Convergence of Shallow
 * Neural Network Training with Randomly Masked Neurons" (Liao and Kyrillidis, TMLR 2022,
 * arXiv:2112.02668).
 *
 * @param weights W, m x d, modified in place by aggregation
 * @param signs a, m x c, never modified
 */
public record Network(Matrix weights, Matrix signs) {

    /** Returns the width m. */
    public int width() {
        return weights.rows();
    }

    /** Returns the input dimension d. */
    public int inputs() {
        return weights.cols();
    }

    /** Returns the number of outputs c. */
    public int outputs() {
        return signs.cols();
    }

    /**
     * Draws {@code w_r ~ N(0, kappa^2 I)} row by row and each {@code a_{r,j}} uniformly from
     * {-1, +1}, each from its own stream of the root seed.
     */
    public static Network initialize(int width, int inputs, int outputs, double kappa,
            RandomStreams streams) {
        Matrix weights = Matrix.zeros(width, inputs);
        SplittableRandom gaussian = streams.stream(RandomStreams.Purpose.INIT_WEIGHTS);
        double[] w = weights.data();
        for (int i = 0; i < w.length; i++) {
            w[i] = kappa * gaussian.nextGaussian();
        }
        Matrix signs = Matrix.zeros(width, outputs);
        SplittableRandom coin = streams.stream(RandomStreams.Purpose.INIT_SIGNS);
        double[] a = signs.data();
        for (int i = 0; i < a.length; i++) {
            a[i] = coin.nextBoolean() ? 1.0 : -1.0;
        }
        return new Network(weights, signs);
    }

    /** Returns a deep copy. */
    public Network copy() {
        return new Network(weights.copy(), signs.copy());
    }
}
