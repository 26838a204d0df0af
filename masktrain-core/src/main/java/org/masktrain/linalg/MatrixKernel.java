package org.masktrain.linalg;

/**
 * The one route by which masktrain multiplies dense matrices.
 *
 * <p>All matrices are row-major. The training code states its products
 * through this interface only, so an implementation (native BLAS, pure Java) can be chosen by
 * measurement without touching the algorithm. An implementation runs each call on the calling
 * thread alone. Parallelism comes from running sub-networks and fixed blocks of samples at once,
 * so the result of every call is independent of the number of threads.
 */
public interface MatrixKernel {

    /** A short name recorded in run outputs, for example {@code openblas} or {@code java}. */
    String name();

    /**
     * Computes {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(A)} is
     * {@code rows x inner} and {@code op(B)} is {@code inner x cols}, on matrices that start at
     * the given offsets of their arrays. Only {@code c} is modified.
     *
     * @param transposeA whether {@code op(A) = A^T}; then {@code a} contains an
     *     {@code inner x rows} matrix with leading dimension {@code lda}
     * @param transposeB whether {@code op(B) = B^T}; then {@code b} contains a
     *     {@code cols x inner} matrix with leading dimension {@code ldb}
     * @param beta when zero, {@code c} is overwritten and its previous content (even NaN) ignored
     */
    void gemm(boolean transposeA, boolean transposeB, int rows, int cols, int inner,
            double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
            double beta, double[] c, int cOffset, int ldc);

    /** Computes {@code C = alpha * op(A) * op(B) + beta * C} on matrices that start at 0. */
    default void gemm(boolean transposeA, boolean transposeB, int rows, int cols, int inner,
            double alpha, double[] a, int lda, double[] b, int ldb,
            double beta, double[] c, int ldc) {
        gemm(transposeA, transposeB, rows, cols, inner, alpha, a, 0, lda, b, 0, ldb, beta, c, 0,
                ldc);
    }

    /**
     * Declares that {@code matrix} will not change until {@link #release} and will be an
     * operand of many products, so the kernel may keep a copy where its products run fastest
     * (native memory, for a native kernel). The default does nothing.
     */
    default void retain(double[] matrix) {
    }

    /** Frees what {@link #retain} kept for {@code matrix}; the default does nothing. */
    default void release(double[] matrix) {
    }
}
