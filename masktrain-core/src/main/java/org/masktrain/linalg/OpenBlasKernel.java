package org.masktrain.linalg;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * A {@link MatrixKernel} backed by OpenBLAS, whose native library ships inside the
 * {@code org.bytedeco:openblas} Maven artifact (no system package needed).
 *
 * <p>OpenBLAS is limited to one thread at load time: masktrain runs sub-networks in parallel
 * itself, and nesting BLAS threads inside those workers oversubscribes the cores. Java arrays
 * are passed through JavaCPP's array overloads, which copy them across the JNI boundary.
 * Thread-safe.
 */
public final class OpenBlasKernel implements MatrixKernel {

    private static final Object LOAD_LOCK = new Object();
    private static volatile boolean loaded;

    private OpenBlasKernel() {
    }

    /**
     * Loads the native library and returns a kernel.
     *
     * @throws UnsatisfiedLinkError or another {@link LinkageError} when no native build exists
     *     for this platform
     */
    public static OpenBlasKernel load() {
        synchronized (LOAD_LOCK) {
            if (!loaded) {
                Loader.load(openblas_nolapack.class);
                openblas_nolapack.blas_set_num_threads(1);
                loaded = true;
            }
        }
        return new OpenBlasKernel();
    }

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public void gemm(boolean transposeA, boolean transposeB, int rows, int cols, int inner,
            double alpha, double[] a, int lda, double[] b, int ldb,
            double beta, double[] c, int ldc) {
        if (rows == 0 || cols == 0) {
            return;
        }
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor,
                transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                rows, cols, inner, alpha, a, Math.max(1, lda), b, Math.max(1, ldb),
                beta, c, Math.max(1, ldc));
    }
}
