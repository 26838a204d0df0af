package org.masktrain.linalg;

import java.util.Arrays;

/**
 * A pure-Java {@link MatrixKernel}: cache-blocked loops over row-major arrays with no native
 * code. It is the fallback when no native BLAS loads and the reference the native route is
 * tested against. Stateless and thread-safe.
 */
public final class JavaKernel implements MatrixKernel {

    /** Rows of the inner dimension processed per block, sized to keep a panel of B in L2. */
    private static final int INNER_BLOCK = 256;

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void gemm(boolean transposeA, boolean transposeB, int rows, int cols, int inner,
            double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
            double beta, double[] c, int cOffset, int ldc) {
        scaleOutput(rows, cols, beta, c, cOffset, ldc);
        if (alpha == 0.0 || inner == 0) {
            return;
        }
        double[] bRowMajor = b;
        int bStart = bOffset;
        int ldbRowMajor = ldb;
        if (transposeB) {
            // Transpose B once so that the inner loop walks both B and C along rows.
            bRowMajor = new double[inner * cols];
            for (int j = 0; j < cols; j++) {
                for (int p = 0; p < inner; p++) {
                    bRowMajor[p * cols + j] = b[bOffset + j * ldb + p];
                }
            }
            bStart = 0;
            ldbRowMajor = cols;
        }
        for (int p0 = 0; p0 < inner; p0 += INNER_BLOCK) {
            int p1 = Math.min(inner, p0 + INNER_BLOCK);
            for (int i = 0; i < rows; i++) {
                int cRow = cOffset + i * ldc;
                for (int p = p0; p < p1; p++) {
                    double aip = transposeA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    if (aip == 0.0) {
                        continue;
                    }
                    double factor = alpha * aip;
                    int bRow = bStart + p * ldbRowMajor;
                    for (int j = 0; j < cols; j++) {
                        c[cRow + j] += factor * bRowMajor[bRow + j];
                    }
                }
            }
        }
    }

    private static void scaleOutput(int rows, int cols, double beta, double[] c, int cOffset,
            int ldc) {
        if (beta == 1.0) {
            return;
        }
        for (int i = 0; i < rows; i++) {
            int start = cOffset + i * ldc;
            if (beta == 0.0) {
                Arrays.fill(c, start, start + cols, 0.0);
            } else {
                for (int j = start; j < start + cols; j++) {
                    c[j] *= beta;
                }
            }
        }
    }
}
