package org.masktrain.ntk;

/**
 * Eigenvalues and eigenvectors of a small dense symmetric matrix by cyclic Jacobi rotations,
 * in pure Java. It is the fallback when native LAPACK does not load. A sweep costs about
 * {@code 8 n^3} floating-point operations and 6 to 10 sweeps are typical, so it suits n up to
 * about a thousand.
 */
final class JacobiEigen {

    /** Sweeps after which the iteration stops even if the off-diagonal part is not zero. */
    static final int MAX_SWEEPS = 60;

    private JacobiEigen() {
    }

    /**
     * Diagonalizes the symmetric n x n row-major matrix {@code a} (not modified).
     *
     * @param values receives the n eigenvalues in ascending order
     * @param vectors receives the eigenvectors as the columns of an n x n row-major array, in
     *     the order of {@code values}; may be null when they are not wanted
     */
    static void decompose(double[] a, int n, double[] values, double[] vectors) {
        double[] work = a.clone();
        double[] basis = new double[n * n];
        for (int i = 0; i < n; i++) {
            basis[i * n + i] = 1.0;
        }
        double total = 0.0;
        for (double value : work) {
            total += value * value;
        }
        double threshold = Math.ulp(1.0) * Math.ulp(1.0) * total;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0.0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += work[p * n + q] * work[p * n + q];
                }
            }
            if (off <= threshold || off == 0.0) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(work, basis, n, p, q);
                }
            }
        }

        // Sort eigenvalues ascending, carrying their vectors along.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = work[i * n + i];
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(diagonal[x], diagonal[y]));
        for (int k = 0; k < n; k++) {
            values[k] = diagonal[order[k]];
            if (vectors != null) {
                for (int i = 0; i < n; i++) {
                    vectors[i * n + k] = basis[i * n + order[k]];
                }
            }
        }
    }

    /** Applies the rotation that zeroes entry (p, q) to {@code a} and accumulates it. */
    private static void rotate(double[] a, double[] basis, int n, int p, int q) {
        double apq = a[p * n + q];
        if (apq == 0.0) {
            return;
        }
        double app = a[p * n + p];
        double aqq = a[q * n + q];
        // The rotation angle solves cot(2 phi) = (aqq - app) / (2 apq); t = tan(phi) is the
        // root of smaller magnitude, which keeps the rotation close to the identity.
        double theta = (aqq - app) / (2.0 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
        if (theta == 0.0) {
            t = 1.0;
        }
        double c = 1.0 / Math.sqrt(t * t + 1.0);
        double s = t * c;

        // A <- J^T A J, then the accumulated rotations V <- V J.
        for (int k = 0; k < n; k++) {
            double akp = a[k * n + p];
            double akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p * n + k];
            double aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = 0.0;
        a[q * n + p] = 0.0;

        for (int k = 0; k < n; k++) {
            double vkp = basis[k * n + p];
            double vkq = basis[k * n + q];
            basis[k * n + p] = c * vkp - s * vkq;
            basis[k * n + q] = s * vkp + c * vkq;
        }
    }
}
