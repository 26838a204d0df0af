package org.masktrain.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks products on sub-matrices that start inside their arrays, with and without retained
 * operands, against a triple loop; the parts of the output array outside the block stay as
 * they were.
 */
class GemmOffsetTest {

    private static final long SEED = 8_128L;

    @ParameterizedTest
    @CsvSource({"JAVA", "OPENBLAS"})
    void zeroBetaKeepsRowPadding(KernelChoice choice) {
        MatrixKernel kernel = choice.create();
        double[] a = {1, 2, 3, 4};
        double[] b = {1, 0, 0, 1};
        double[] c = {9, 9, -5, 9, 9, -5};
        double[] warmUp = {7, 7, 7, 7, 7, 7};
        kernel.gemm(false, false, 2, 3, 1, 1.0, new double[] {1, 1}, 1, new double[] {1, 1, 1},
                3, 0.0, warmUp, 3);

        kernel.gemm(false, false, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 3);

        assertArrayEquals(new double[] {1, 2, -5, 3, 4, -5}, c, "padding entries are -5");
    }

    @ParameterizedTest
    @CsvSource({
        "false, false, JAVA, false", "false, true, JAVA, false", "true, false, JAVA, false",
        "true, true, JAVA, false", "false, false, OPENBLAS, false",
        "false, true, OPENBLAS, true", "true, false, OPENBLAS, true",
        "true, true, OPENBLAS, false"
    })
    void offsetBlockMatchesLoop(boolean transposeA, boolean transposeB, KernelChoice choice,
            boolean retain) {
        MatrixKernel kernel = choice.create();
        SplittableRandom random = new SplittableRandom(SEED);
        int rows = 7;
        int cols = 5;
        int inner = 9;
        int lda = (transposeA ? rows : inner) + 2;
        int ldb = (transposeB ? inner : cols) + 3;
        int ldc = cols + 1;
        int aOffset = 11;
        int bOffset = 4;
        int cOffset = 6;
        double[] a = fill(random, aOffset + (transposeA ? inner : rows) * lda);
        double[] b = fill(random, bOffset + (transposeB ? cols : inner) * ldb);
        double[] c = fill(random, cOffset + rows * ldc + 3);
        double[] expected = c.clone();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double sum = 0.0;
                for (int p = 0; p < inner; p++) {
                    double aip = transposeA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    double bpj = transposeB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    sum += aip * bpj;
                }
                int index = cOffset + i * ldc + j;
                expected[index] = 0.5 * sum + 2.0 * c[index];
            }
        }
        if (retain) {
            kernel.retain(a);
        }

        kernel.gemm(transposeA, transposeB, rows, cols, inner, 0.5, a, aOffset, lda, b,
                bOffset, ldb, 2.0, c, cOffset, ldc);

        if (retain) {
            kernel.release(a);
        }
        for (int i = 0; i < c.length; i++) {
            assertEquals(expected[i], c[i], 1e-12 * (1 + Math.abs(expected[i])),
                    "entry " + i + " with seed " + SEED);
        }
        assertArrayEquals(java.util.Arrays.copyOf(expected, cOffset),
                java.util.Arrays.copyOf(c, cOffset), "entries before the block");
    }

    private static double[] fill(SplittableRandom random, int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextDouble(-1.0, 1.0);
        }
        return values;
    }
}
