package org.masktrain.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.masktrain.linalg.JavaKernel;
import org.masktrain.linalg.MatrixKernel;
import org.masktrain.linalg.OpenBlasKernel;

/**
 * Loading the LAPACK binding next to the BLAS-only one of {@link OpenBlasKernel} must leave the
 * kernel's products and its single BLAS thread as they were.
 */
class NativeLapackTest {

    @Test
    void lapackLoadKeepsKernelWorking() {
        MatrixKernel native1 = OpenBlasKernel.load();
        double[] before = product(native1);

        assertTrue(NativeLapack.available(), "LAPACK from the bundled OpenBLAS build");
        double[] matrix = {2, -1, 0, -1, 2, -1, 0, -1, 2};
        assertEquals(2 - Math.sqrt(2), DenseEigen.smallest(matrix, 3), 1e-15, "dsyevr");

        assertEquals(1, openblas_nolapack.blas_get_num_threads(), "BLAS threads");
        double[] after = product(OpenBlasKernel.load());
        assertArrayEquals(before, after, 0.0, "product before and after loading LAPACK");
        assertArrayEquals(product(new JavaKernel()), after, 1e-12, "native against Java");
    }

    private static double[] product(MatrixKernel kernel) {
        int rows = 17;
        int inner = 23;
        int cols = 11;
        SplittableRandom random = new SplittableRandom(3);
        double[] a = new double[rows * inner];
        double[] b = new double[inner * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextGaussian();
        }
        double[] c = new double[rows * cols];
        kernel.gemm(false, false, rows, cols, inner, 1.0, a, inner, b, cols, 0.0, c, cols);
        return c;
    }
}
