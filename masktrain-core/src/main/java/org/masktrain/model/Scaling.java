package org.masktrain.model;

import java.util.Locale;

/**
 * Scaling of the full network and the sub-networks by the keep probability xi.
 *
 * <ul>
 *   <li>{@link #PAPER}: a sub-network is {@code f_mm(W, x)} and the full network is
 *       {@code u(x) = xi * f(W, x)}, so that the expectation of a sub-network over masks equals
 *       the full network. This is the scaling of the convergence theory in "On the Convergence
 *       of Shallow Neural Network Training with Randomly Masked Neurons" (Liao and Kyrillidis,
 *       TMLR 2022, arXiv:2112.02668).
 *   <li>{@link #INVERTED}: a sub-network is {@code f_mm(W, x) / xi} and the full network is
 *       {@code f(W, x)}, as dropout layers in PyTorch and Keras do.
 * </ul>
 */
public enum Scaling {
    PAPER,
    INVERTED;

    /** Returns the factor applied to {@code f(W, x)} to get the full network's output. */
    public double fullNetworkFactor(double meanKeepProbability) {
        return this == PAPER ? meanKeepProbability : 1.0;
    }

    /** Returns the factor applied to {@code f_mm(W, x)} to get a sub-network's output. */
    public double subnetworkFactor(double keepProbability) {
        return this == PAPER ? 1.0 : 1.0 / keepProbability;
    }

    /** Returns the lower-case name used on the command line and in run outputs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
