package org.masktrain.ntk;

/**
 * The smallest and largest eigenvalue of a symmetric matrix, with the evidence for them.
 *
 * <p>For a unit vector v and a number lambda, some eigenvalue lies within
 * {@code ||A v - lambda v||} of lambda, so {@code minResidual / |min|} bounds the relative
 * error of {@code min} (and likewise for {@code max}) whatever the method.
 *
 * @param min the smallest eigenvalue
 * @param max the largest eigenvalue
 * @param minResidual {@code ||A v - min v||} for the unit vector v returned with {@code min}
 * @param maxResidual {@code ||A v - max v||} for the unit vector returned with {@code max}
 * @param method how they were computed
 * @param products block products with the matrix (0 for the exact methods, which form it)
 * @param converged whether both residuals met the tolerance (always true for exact methods)
 * @param tolerance the requested bound on {@code residual / |eigenvalue|} for the iterative
 *     method; NaN for the exact methods
 * @param seconds wall time, including forming the matrix for the exact methods
 */
public record ExtremeEigenvalues(double min, double max, double minResidual, double maxResidual,
        EigenMethod method, int products, boolean converged, double tolerance, double seconds) {

    /** Returns the bound {@code minResidual / |min|} on the relative error of {@code min}. */
    public double minRelativeBound() {
        return minResidual / Math.abs(min);
    }

    /** Returns the bound {@code maxResidual / |max|} on the relative error of {@code max}. */
    public double maxRelativeBound() {
        return maxResidual / Math.abs(max);
    }

    /** Returns {@code max(|min|, |max|)}, the spectral norm of the matrix. */
    public double spectralNorm() {
        return Math.max(Math.abs(min), Math.abs(max));
    }
}
