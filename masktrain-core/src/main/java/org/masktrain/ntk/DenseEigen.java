package org.masktrain.ntk;

import org.bytedeco.openblas.global.openblas;

/**
 * Exact eigenvalues of dense symmetric matrices: LAPACK from the OpenBLAS build when it loads,
 * else {@link JacobiEigen}. The extreme pairs come from one Householder reduction to
 * tridiagonal form ({@code dsytrd}), the two wanted eigenpairs of the tridiagonal matrix by
 * the MRRR algorithm ({@code dstemr}), and the back-transformation of those two vectors
 * ({@code dormtr}); the reduction costs {@code 4/3 n^3} operations and dominates.
 */
final class DenseEigen {

    /** Largest n the pure-Java fallback takes on; its cost grows like n^3 per sweep. */
    static final int JACOBI_LIMIT = 1500;

    private DenseEigen() {
    }

    /** Returns whether {@link #extremes} can run on an n x n matrix. */
    static boolean canSolve(int n) {
        return NativeLapack.available() || n <= JACOBI_LIMIT;
    }

    /**
     * Returns the smallest and largest eigenvalue of the symmetric n x n row-major matrix
     * {@code a} (not modified), with unit eigenvectors and their residual norms
     * {@code ||A v - lambda v||}.
     *
     * @throws ArithmeticException when LAPACK reports a failure
     */
    static ExtremePairs extremes(double[] a, int n) {
        double[] low = new double[n];
        double[] high = new double[n];
        double[] values = new double[2];
        boolean lapack = NativeLapack.available();
        if (lapack) {
            lapackExtremes(a, n, values, low, high);
        } else {
            if (n > JACOBI_LIMIT) {
                throw new IllegalStateException("without native LAPACK, exact eigenvalues are "
                        + "limited to n <= " + JACOBI_LIMIT + "; got n = " + n);
            }
            double[] all = new double[n];
            double[] vectors = new double[n * n];
            JacobiEigen.decompose(a, n, all, vectors);
            values[0] = all[0];
            values[1] = all[n - 1];
            for (int i = 0; i < n; i++) {
                low[i] = vectors[i * n];
                high[i] = vectors[i * n + n - 1];
            }
        }
        return new ExtremePairs(values[0], values[1], low, high,
                residual(a, n, low, values[0]), residual(a, n, high, values[1]),
                lapack ? EigenMethod.LAPACK : EigenMethod.JACOBI);
    }

    /** Returns the smallest eigenvalue of {@code a} (not modified), without its vector. */
    static double smallest(double[] a, int n) {
        if (!NativeLapack.available()) {
            return extremes(a, n).min();
        }
        double[] copy = a.clone();
        int[] found = new int[1];
        double[] values = new double[n];
        double[] unusedVectors = new double[1];
        int[] support = new int[2];
        int info = openblas.LAPACKE_dsyevr(openblas.LAPACK_ROW_MAJOR, (byte) 'N', (byte) 'I',
                (byte) 'U', n, copy, n, 0.0, 0.0, 1, 1, 0.0, found, values, unusedVectors, 1,
                support);
        check("dsyevr", info);
        return values[0];
    }

    /**
     * Diagonalizes the symmetric n x n row-major matrix {@code a} (not modified): fills
     * {@code values} ascending and {@code vectors} with the eigenvectors as columns.
     */
    static void decompose(double[] a, int n, double[] values, double[] vectors) {
        if (!NativeLapack.available()) {
            JacobiEigen.decompose(a, n, values, vectors);
            return;
        }
        System.arraycopy(a, 0, vectors, 0, n * n);
        int info = openblas.LAPACKE_dsyevd(openblas.LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'U', n,
                vectors, n, values);
        check("dsyevd", info);
    }

    private static void lapackExtremes(double[] a, int n, double[] values, double[] low,
            double[] high) {
        int layout = openblas.LAPACK_ROW_MAJOR;
        double[] reduced = a.clone();
        double[] diagonal = new double[n];
        double[] offDiagonal = new double[n];
        double[] reflectors = new double[Math.max(1, n - 1)];
        check("dsytrd", openblas.LAPACKE_dsytrd(layout, (byte) 'U', n, reduced, n, diagonal,
                offDiagonal, reflectors));

        // The eigenpairs of index 1 and n of the tridiagonal matrix, one at a time because
        // dstemr overwrites its input.
        double[] pair = new double[n * 2];
        for (int end = 0; end < 2; end++) {
            int index = end == 0 ? 1 : n;
            double[] d = diagonal.clone();
            double[] e = offDiagonal.clone();
            int[] found = new int[1];
            double[] value = new double[n];
            double[] vector = new double[n];
            int[] support = new int[2];
            int[] relativeAccuracy = {1};
            // Column-major: one eigenvector is then a plain array of n values (ldz = n).
            check("dstemr", openblas.LAPACKE_dstemr(openblas.LAPACK_COL_MAJOR, (byte) 'V',
                    (byte) 'I', n, d, e, 0.0, 0.0, index, index, found, value, vector, n, 1,
                    support, relativeAccuracy));
            values[end] = value[0];
            for (int i = 0; i < n; i++) {
                pair[i * 2 + end] = vector[i];
            }
        }

        // Back-transformation of the two vectors by the Householder reflectors: v = Q z.
        if (n > 1) {
            check("dormtr", openblas.LAPACKE_dormtr(layout, (byte) 'L', (byte) 'U', (byte) 'N',
                    n, 2, reduced, n, reflectors, pair, 2));
        }
        for (int i = 0; i < n; i++) {
            low[i] = pair[i * 2];
            high[i] = pair[i * 2 + 1];
        }
    }

    /** Returns {@code ||A v - lambda v||} for the dense matrix. */
    static double residual(double[] a, int n, double[] v, double lambda) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double row = -lambda * v[i];
            int offset = i * n;
            for (int j = 0; j < n; j++) {
                row += a[offset + j] * v[j];
            }
            sum += row * row;
        }
        return Math.sqrt(sum);
    }

    private static void check(String routine, int info) {
        if (info != 0) {
            throw new ArithmeticException("LAPACK " + routine + " failed with info = " + info
                    + (info > 0 ? " (no convergence)" : " (invalid argument " + -info + ")"));
        }
    }

    /**
     * The smallest and largest eigenpair of a dense matrix.
     *
     * @param min the smallest eigenvalue
     * @param max the largest eigenvalue
     * @param minVector a unit eigenvector of {@code min}
     * @param maxVector a unit eigenvector of {@code max}
     * @param minResidual {@code ||A v - min v||} for {@code minVector}
     * @param maxResidual {@code ||A v - max v||} for {@code maxVector}
     * @param method the routine that computed them
     */
    record ExtremePairs(double min, double max, double[] minVector, double[] maxVector,
            double minResidual, double maxResidual, EigenMethod method) {
    }
}
