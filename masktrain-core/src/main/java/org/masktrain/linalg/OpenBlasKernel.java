package org.masktrain.linalg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * A {@link MatrixKernel} backed by OpenBLAS, whose native library ships inside the
 * {@code org.bytedeco:openblas} Maven artifact (no system package needed).
 *
 * <p>OpenBLAS is limited to one thread at load time: masktrain runs sub-networks in parallel
 * itself, and nesting BLAS threads inside those workers oversubscribes the cores. Every
 * product runs on native memory. A {@linkplain #retain retained} matrix is copied there once;
 * other operands are copied into per-thread native buffers for each call, and the output is
 * copied back. Thread-safe.
 */
public final class OpenBlasKernel implements MatrixKernel {

    private static final Object LOAD_LOCK = new Object();
    /** Most released native buffers kept for reuse. */
    private static final int SPARE_LIMIT = 8;
    private static volatile boolean loaded;

    private final Map<double[], DoublePointer> retained =
            Collections.synchronizedMap(new IdentityHashMap<>());
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    /**
     * Native buffers of released matrices, kept for the next {@link #retain}: a local step
     * retains a matrix of the same size every step, and a fresh allocation of megabytes costs
     * page faults each time.
     */
    private final List<DoublePointer> spare = new ArrayList<>();

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
    public void retain(double[] matrix) {
        retained.computeIfAbsent(matrix, this::nativeCopy);
    }

    @Override
    public void release(double[] matrix) {
        DoublePointer pointer = retained.remove(matrix);
        if (pointer == null) {
            return;
        }
        synchronized (spare) {
            if (spare.size() < SPARE_LIMIT) {
                spare.add(pointer);
                return;
            }
        }
        pointer.close();
    }

    /** Copies {@code matrix} into a spare native buffer that fits it, or into a new one. */
    private DoublePointer nativeCopy(double[] matrix) {
        DoublePointer pointer = null;
        synchronized (spare) {
            for (int i = 0; i < spare.size(); i++) {
                long capacity = spare.get(i).capacity();
                if (capacity >= matrix.length && capacity <= 2L * matrix.length) {
                    pointer = spare.remove(i);
                    break;
                }
            }
        }
        if (pointer == null) {
            return new DoublePointer(matrix);
        }
        pointer.put(matrix, 0, matrix.length);
        return pointer;
    }

    @Override
    public void gemm(boolean transposeA, boolean transposeB, int rows, int cols, int inner,
            double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
            double beta, double[] c, int cOffset, int ldc) {
        if (rows == 0 || cols == 0) {
            return;
        }
        Scratch buffers = scratch.get();
        int aLength = transposeA ? (inner - 1) * lda + rows : (rows - 1) * lda + inner;
        int bLength = transposeB ? (cols - 1) * ldb + inner : (inner - 1) * ldb + cols;
        int cLength = (rows - 1) * ldc + cols;
        DoublePointer aPointer = operand(a, aOffset, Math.max(0, aLength), buffers, 0);
        DoublePointer bPointer = operand(b, bOffset, Math.max(0, bLength), buffers, 1);
        DoublePointer cPointer = buffers.ensure(2, cLength);
        if (beta != 0.0 || ldc > cols) {
            // With padding between rows, the copy back must not overwrite it with stale data.
            cPointer.put(c, cOffset, cLength);
        }
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor,
                transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                rows, cols, inner, alpha, aPointer, Math.max(1, lda), bPointer, Math.max(1, ldb),
                beta, cPointer, Math.max(1, ldc));
        cPointer.get(c, cOffset, cLength);
    }

    private DoublePointer operand(double[] array, int offset, int length, Scratch buffers,
            int slot) {
        DoublePointer kept = retained.get(array);
        if (kept != null) {
            return offset == 0 ? kept : kept.getPointer(offset);
        }
        DoublePointer pointer = buffers.ensure(slot, length);
        if (length > 0) {
            pointer.put(array, offset, length);
        }
        return pointer;
    }

    /** Native buffers of one thread, grown on demand and reused across calls. */
    private static final class Scratch {
        private final DoublePointer[] pointers = new DoublePointer[3];
        private final long[] capacities = new long[3];

        DoublePointer ensure(int slot, long length) {
            if (pointers[slot] == null || capacities[slot] < length) {
                if (pointers[slot] != null) {
                    pointers[slot].close();
                }
                long capacity = Math.max(length, 1);
                pointers[slot] = new DoublePointer(capacity);
                capacities[slot] = capacity;
            }
            return pointers[slot];
        }
    }
}
