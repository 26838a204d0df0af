package org.masktrain.ntk;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the LAPACK half of the OpenBLAS build shipped in the {@code org.bytedeco:openblas}
 * artifact. Both its JNI libraries link the same {@code libopenblas}, so the two share one
 * thread setting. Like {@link org.masktrain.linalg.OpenBlasKernel}, loading sets it to one
 * thread: masktrain parallelizes above BLAS, and a second level of threads oversubscribes the
 * cores. On the 2-core development machine, busy with other jobs, a block Lanczos solve whose
 * time went into 384 x 384 {@code dsyevd} calls took 17 s with OpenBLAS's default threads and
 * 1.7 s with one.
 */
final class NativeLapack {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLapack.class);
    private static final Object LOCK = new Object();
    private static Boolean available;

    private NativeLapack() {
    }

    /** Loads the library on first use and returns whether LAPACK can be called. */
    static boolean available() {
        synchronized (LOCK) {
            if (available == null) {
                try {
                    Loader.load(openblas.class);
                    openblas.blas_set_num_threads(1);
                    available = true;
                } catch (LinkageError e) {
                    LOG.warn("native LAPACK failed to load ({}); eigenvalues fall back to "
                            + "pure-Java Jacobi rotations", e.toString());
                    available = false;
                }
            }
            return available;
        }
    }
}
