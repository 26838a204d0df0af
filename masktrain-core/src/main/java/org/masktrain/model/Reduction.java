package org.masktrain.model;

import java.util.Locale;

/**
 * Rule by which a local gradient combines the samples.
 *
 * <ul>
 *   <li>{@link #SUM}: the gradient of {@code ||Y - f_mm||_F^2 / 2}, as the convergence theory
 *       writes it; its step sizes scale like {@code lambda_0 / n^2}.
 *   <li>{@link #MEAN}: the same gradient divided by the sample count, the gradient of
 *       {@code ||Y - f_mm||_F^2 / (2n)}; step sizes near {@code 0.1 * m} work there.
 * </ul>
 *
 * <p>With minibatches of size b both stay unbiased estimates of their full-batch gradient: a
 * minibatch sum is multiplied by {@code n / b}, a minibatch mean divides by b.
 */
public enum Reduction {
    SUM,
    MEAN;

    /**
     * Returns the factor that turns a sum over {@code batchSize} samples into this reduction's
     * gradient estimate for {@code sampleCount} samples.
     */
    public double batchFactor(int sampleCount, int batchSize) {
        return this == SUM ? (double) sampleCount / batchSize : 1.0 / batchSize;
    }

    /** Returns the lower-case name used on the command line and in run outputs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
