package org.masktrain.training;

import java.util.Locale;

/**
 * Method that computes a sub-network's local steps. Both give the same iterates up to rounding.
 *
 * <ul>
 *   <li>{@link #DIRECT}: every step forms the pre-activations {@code Z = X W^T} and the weight
 *       update {@code B^T X}, two n x d x h products.
 *   <li>{@link #GRAM}: with the Gram matrix {@code G = X X^T} computed once per run, a step
 *       updates the pre-activations as {@code Z <- Z + alpha * G B} (one n x n x h product) and
 *       the weights are formed once after the last step from the summed backward signals.
 *       Exact because a weight update {@code alpha * B^T X} moves Z by
 *       {@code X (alpha * B^T X)^T = alpha * G B}. It needs an n x n buffer.
 *   <li>{@link #AUTO}: {@link #GRAM} when it needs fewer multiply-adds and its n x n buffer
 *       fits in a quarter of the maximum heap, else {@link #DIRECT}.
 * </ul>
 */
public enum LocalSolver {
    AUTO,
    DIRECT,
    GRAM;

    /** Returns the lower-case name used on the command line and in run outputs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Resolves {@link #AUTO} for n samples of dimension d, tau local steps and minibatches of
     * {@code batch} samples (n for full batch). Other values are returned as they are.
     */
    public LocalSolver resolve(int n, int d, int tau, int batch) {
        if (this != AUTO) {
            return this;
        }
        long gramBytes = 8L * n * n;
        if (gramBytes > Runtime.getRuntime().maxMemory() / 4) {
            return DIRECT;
        }
        // Multiply-adds per active neuron over one sub-network's local steps.
        double direct = (double) tau * ((double) n * d + (double) batch * d) + (double) n * d;
        double gram = 2.0 * n * d + (double) tau * n * batch;
        return gram < direct ? GRAM : DIRECT;
    }
}
