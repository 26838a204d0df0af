package org.masktrain.linalg;

import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link MatrixKernel} that forwards to another and counts the floating-point operations of
 * every product ({@code 2 * rows * cols * inner}), so a benchmark can report the rate at which
 * the work is done. Thread-safe.
 */
public final class CountingKernel implements MatrixKernel {

    private final MatrixKernel delegate;
    private final LongAdder operations = new LongAdder();

    public CountingKernel(MatrixKernel delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void gemm(boolean transposeA, boolean transposeB, int rows, int cols, int inner,
            double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
            double beta, double[] c, int cOffset, int ldc) {
        delegate.gemm(transposeA, transposeB, rows, cols, inner, alpha, a, aOffset, lda, b,
                bOffset, ldb, beta, c, cOffset, ldc);
        operations.add(2L * rows * cols * inner);
    }

    @Override
    public void retain(double[] matrix) {
        delegate.retain(matrix);
    }

    @Override
    public void release(double[] matrix) {
        delegate.release(matrix);
    }

    /** Returns the floating-point operations counted since creation or the last reset. */
    public long operations() {
        return operations.sum();
    }

    /** Sets the count back to zero. */
    public void reset() {
        operations.reset();
    }
}
