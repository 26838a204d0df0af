package org.masktrain.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link JavaKernel} and {@link OpenBlasKernel} against a triple loop written in the
 * test and against each other, for {@code C = alpha * op(A) * op(B) + beta * C} in every
 * transpose combination. Each entry is compared within {@code 1e-12} of its magnitude bound
 * {@code |alpha| * sum_p |op(A)_ip * op(B)_pj| + |beta * C_ij|}.
 */
class GemmKernelTest {

    private static final long SEED = 8_675_309L;
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 7, 5}, {6, 1, 4}, {1, 1, 9}, {5, 3, 1}, {4, 6, 0}, {3, 5, 7},
        {17, 9, 13}, {2, 40, 300}, {33, 1, 260}, {0, 4, 3}, {4, 0, 3}};
    private static final double[][] ALPHA_BETA = {{1.0, 0.0}, {-0.5, 1.0}, {2.0, 0.3},
        {0.0, 0.7}, {0.0, 0.0}};

    private static MatrixKernel javaKernel;
    private static MatrixKernel openblasKernel;

    @BeforeAll
    static void loadKernels() {
        javaKernel = KernelChoice.JAVA.create();
        openblasKernel = KernelChoice.OPENBLAS.create();
    }

    static Stream<Arguments> cases() {
        List<int[]> shapes = new ArrayList<>(Arrays.asList(SHAPES));
        SplittableRandom random = new SplittableRandom(SEED);
        for (int draw = 0; draw < 6; draw++) {
            shapes.add(new int[] {random.nextInt(1, 40), random.nextInt(1, 40),
                random.nextInt(1, 40)});
        }
        List<Arguments> cases = new ArrayList<>();
        for (int[] shape : shapes) {
            for (boolean transposeA : new boolean[] {false, true}) {
                for (boolean transposeB : new boolean[] {false, true}) {
                    for (double[] alphaBeta : ALPHA_BETA) {
                        cases.add(Arguments.of(shape[0], shape[1], shape[2], transposeA,
                                transposeB, alphaBeta[0], alphaBeta[1]));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} tA={3} tB={4} alpha={5} beta={6}")
    @MethodSource("cases")
    void kernelsMatchReference(int rows, int cols, int inner, boolean transposeA,
            boolean transposeB, double alpha, double beta) {
        SplittableRandom random = new SplittableRandom(SEED + 31L * rows + 7L * cols + inner);
        Operands operands = Operands.random(random, rows, cols, inner, transposeA, transposeB, 0);
        double[] reference = operands.reference(alpha, beta);
        double[] bound = operands.magnitudeBound(alpha, beta);

        double[] fromJava = operands.run(javaKernel, alpha, beta);
        double[] fromOpenblas = operands.run(openblasKernel, alpha, beta);

        for (int i = 0; i < reference.length; i++) {
            double tolerance = 1e-12 * bound[i];
            assertEquals(reference[i], fromJava[i], tolerance, "java entry " + i);
            assertEquals(reference[i], fromOpenblas[i], tolerance, "openblas entry " + i);
            assertEquals(fromJava[i], fromOpenblas[i], tolerance,
                    "java against openblas entry " + i);
        }
    }

    @ParameterizedTest(name = "tA={0} tB={1}")
    @MethodSource("transposes")
    void paddedLeadingDimensionsAreRespected(boolean transposeA, boolean transposeB) {
        SplittableRandom random = new SplittableRandom(SEED);
        Operands operands = Operands.random(random, 5, 4, 6, transposeA, transposeB, 3);
        double[] reference = operands.reference(1.5, 0.5);
        double[] bound = operands.magnitudeBound(1.5, 0.5);

        for (MatrixKernel kernel : List.of(javaKernel, openblasKernel)) {
            double[] result = operands.run(kernel, 1.5, 0.5);
            for (int i = 0; i < reference.length; i++) {
                assertEquals(reference[i], result[i], 1e-12 * bound[i],
                        kernel.name() + " entry " + i);
            }
        }
    }

    static Stream<Arguments> transposes() {
        return Stream.of(Arguments.of(false, false), Arguments.of(false, true),
                Arguments.of(true, false), Arguments.of(true, true));
    }

    @ParameterizedTest(name = "inner={0}")
    @MethodSource("innerSizes")
    void zeroBetaIgnoresNanInOutput(int inner) {
        SplittableRandom random = new SplittableRandom(SEED + inner);
        Operands operands = Operands.random(random, 3, 4, inner, false, true, 0);
        Arrays.fill(operands.c, Double.NaN);
        double[] reference = operands.reference(1.0, 0.0);

        for (MatrixKernel kernel : List.of(javaKernel, openblasKernel)) {
            double[] result = operands.run(kernel, 1.0, 0.0);
            for (int i = 0; i < reference.length; i++) {
                assertEquals(reference[i], result[i], 1e-12, kernel.name() + " entry " + i);
            }
        }
    }

    static Stream<Integer> innerSizes() {
        return Stream.of(0, 1, 5);
    }

    @Test
    void zeroAlphaZeroBetaClearsOutput() {
        SplittableRandom random = new SplittableRandom(SEED);
        Operands operands = Operands.random(random, 2, 3, 4, false, false, 0);
        Arrays.fill(operands.c, Double.NaN);

        for (MatrixKernel kernel : List.of(javaKernel, openblasKernel)) {
            // The sign of a zero may differ between kernels, so compare with delta 0.
            assertArrayEquals(new double[6], operands.run(kernel, 0.0, 0.0), 0.0,
                    kernel.name());
        }
    }

    @Test
    void kernelNamesMatchChoices() {
        assertEquals("java", javaKernel.name(), "JAVA");
        assertEquals("openblas", openblasKernel.name(), "OPENBLAS");
    }

    /** A product's operands, stored with optional padding after every row. */
    private static final class Operands {
        final int rows;
        final int cols;
        final int inner;
        final boolean transposeA;
        final boolean transposeB;
        final double[] a;
        final int lda;
        final double[] b;
        final int ldb;
        final double[] c;
        final int ldc;

        private Operands(int rows, int cols, int inner, boolean transposeA, boolean transposeB,
                double[] a, int lda, double[] b, int ldb, double[] c, int ldc) {
            this.rows = rows;
            this.cols = cols;
            this.inner = inner;
            this.transposeA = transposeA;
            this.transposeB = transposeB;
            this.a = a;
            this.lda = lda;
            this.b = b;
            this.ldb = ldb;
            this.c = c;
            this.ldc = ldc;
        }

        static Operands random(SplittableRandom random, int rows, int cols, int inner,
                boolean transposeA, boolean transposeB, int padding) {
            int aRows = transposeA ? inner : rows;
            int lda = (transposeA ? rows : inner) + padding;
            int bRows = transposeB ? cols : inner;
            int ldb = (transposeB ? inner : cols) + padding;
            int ldc = cols + padding;
            return new Operands(rows, cols, inner, transposeA, transposeB,
                    fill(random, aRows * lda), lda, fill(random, bRows * ldb), ldb,
                    fill(random, rows * ldc), ldc);
        }

        private static double[] fill(SplittableRandom random, int length) {
            double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextDouble(-1.0, 1.0);
            }
            return values;
        }

        double opA(int i, int p) {
            return transposeA ? a[p * lda + i] : a[i * lda + p];
        }

        double opB(int p, int j) {
            return transposeB ? b[j * ldb + p] : b[p * ldb + j];
        }

        /** Returns C after the product by a triple loop, padding included. */
        double[] reference(double alpha, double beta) {
            double[] out = c.clone();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double sum = 0.0;
                    for (int p = 0; p < inner; p++) {
                        sum += opA(i, p) * opB(p, j);
                    }
                    double scaled = beta == 0.0 ? 0.0 : beta * c[i * ldc + j];
                    out[i * ldc + j] = alpha * sum + scaled;
                }
            }
            return out;
        }

        /** Returns the magnitude bound of each entry, and 1 for padding. */
        double[] magnitudeBound(double alpha, double beta) {
            double[] out = new double[c.length];
            Arrays.fill(out, 1.0);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double sum = 0.0;
                    for (int p = 0; p < inner; p++) {
                        sum += Math.abs(opA(i, p) * opB(p, j));
                    }
                    double bound = Math.abs(alpha) * sum + Math.abs(beta * c[i * ldc + j]);
                    out[i * ldc + j] = Math.max(bound, Double.MIN_NORMAL);
                }
            }
            return out;
        }

        /** Runs the product on a copy of C and returns the copy. */
        double[] run(MatrixKernel kernel, double alpha, double beta) {
            double[] out = c.clone();
            kernel.gemm(transposeA, transposeB, rows, cols, inner, alpha, a.clone(), lda,
                    b.clone(), ldb, beta, out, ldc);
            return out;
        }
    }
}
