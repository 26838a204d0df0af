package org.masktrain.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.masktrain.InvalidInputException;
import org.masktrain.linalg.JavaKernel;
import org.masktrain.linalg.Matrix;
import org.masktrain.training.TestProblems;

/** Exact and iterative extreme eigenvalues against cases worked out by hand and each other. */
class EigenSolverTest {

    private static final long SEED = 7L;

    /** [[a, b], [b, c]] has eigenvalues (a + c)/2 -+ sqrt(((a - c)/2)^2 + b^2). */
    @Test
    void twoByTwoMatchesFormula() {
        double a = 2.0;
        double b = -0.75;
        double c = 0.5;
        double[] matrix = {a, b, b, c};
        double mid = (a + c) / 2;
        double radius = Math.sqrt((a - c) * (a - c) / 4 + b * b);

        DenseEigen.ExtremePairs lapack = DenseEigen.extremes(matrix, 2);
        assertEquals(mid - radius, lapack.min(), 1e-15, "LAPACK lambda_min");
        assertEquals(mid + radius, lapack.max(), 1e-15, "LAPACK lambda_max");
        assertTrue(lapack.minResidual() < 1e-15, "residual " + lapack.minResidual());

        double[] values = new double[2];
        JacobiEigen.decompose(matrix, 2, values, new double[4]);
        assertEquals(mid - radius, values[0], 1e-15, "Jacobi lambda_min");
        assertEquals(mid + radius, values[1], 1e-15, "Jacobi lambda_max");
    }

    /** The second-difference matrix tridiag(-1, 2, -1) of size 3 has 2 - sqrt 2, 2, 2 + sqrt 2. */
    @Test
    void threeByThreeMatchesFormula() {
        double[] matrix = {2, -1, 0, -1, 2, -1, 0, -1, 2};
        double[] expected = {2 - Math.sqrt(2), 2, 2 + Math.sqrt(2)};

        DenseEigen.ExtremePairs lapack = DenseEigen.extremes(matrix, 3);
        assertEquals(expected[0], lapack.min(), 1e-15, "LAPACK lambda_min");
        assertEquals(expected[2], lapack.max(), 1e-15, "LAPACK lambda_max");
        assertEquals(expected[0], DenseEigen.smallest(matrix, 3), 1e-15, "dsyevr lambda_min");

        double[] values = new double[3];
        double[] vectors = new double[9];
        JacobiEigen.decompose(matrix, 3, values, vectors);
        for (int k = 0; k < 3; k++) {
            assertEquals(expected[k], values[k], 1e-15, "Jacobi eigenvalue " + k);
        }
        // The eigenvector of 2 - sqrt 2 is (1, sqrt 2, 1) / 2 up to sign.
        double sign = Math.signum(vectors[0]);
        assertEquals(0.5, sign * vectors[0], 1e-15, "vector entry 0");
        assertEquals(Math.sqrt(0.5), sign * vectors[3], 1e-15, "vector entry 1");
        assertEquals(0.5, sign * vectors[6], 1e-15, "vector entry 2");
    }

    @Test
    void oneByOneIsItsOwnEigenvalue() {
        DenseEigen.ExtremePairs pairs = DenseEigen.extremes(new double[] {4.5}, 1);
        assertEquals(4.5, pairs.min(), 0.0, "lambda_min");
        assertEquals(4.5, pairs.max(), 0.0, "lambda_max");
    }

    @Test
    void jacobiMatchesLapackOnRandomMatrix() {
        int n = 60;
        double[] matrix = randomSymmetric(n);
        double[] jacobi = new double[n];
        double[] lapack = new double[n];
        JacobiEigen.decompose(matrix, n, jacobi, null);
        DenseEigen.decompose(matrix, n, lapack, new double[n * n]);
        for (int k = 0; k < n; k++) {
            assertEquals(lapack[k], jacobi[k], 1e-12, "eigenvalue " + k);
        }
    }

    /**
     * Block Lanczos on the closed-form NTK of 600 unit vectors with non-negative entries (like
     * images) agrees with LAPACK to 1e-8 relative at both ends. Its basis limit of 384 vectors
     * is below n, so it must restart rather than span the whole space.
     */
    @Test
    void lanczosMatchesExactOnNtk() {
        Matrix x = nonNegativeUnitRows(600, 50);
        try (InfiniteWidthNtk ntk = new InfiniteWidthNtk(x, 0.5, new JavaKernel(), 2)) {
            EigenSolver.Settings exactSettings = EigenSolver.Settings.defaults();
            ExtremeEigenvalues exact = EigenSolver.extremes(ntk, exactSettings);
            ExtremeEigenvalues iterative = EigenSolver.extremes(ntk, new EigenSolver.Settings(
                    EigenSolver.Strategy.ITERATIVE, 4000, 1e-9, 16, 300, SEED));

            assertEquals(EigenMethod.LAPACK, exact.method(), "exact method");
            assertEquals(EigenMethod.LANCZOS, iterative.method(), "iterative method");
            assertTrue(iterative.converged(), "converged after " + iterative.products());
            assertEquals(exact.min(), iterative.min(), 1e-8 * exact.min(), "lambda_min");
            assertEquals(exact.max(), iterative.max(), 1e-8 * exact.max(), "lambda_max");
            assertTrue(exact.minResidual() < 1e-12, "exact residual " + exact.minResidual());
            assertTrue(iterative.minResidual() <= 1e-9 * iterative.min() + 1e-12,
                    "iterative residual " + iterative.minResidual());
        }
    }

    /**
     * A tolerance below rounding makes block Lanczos fill the whole space of 300 vectors. The
     * last candidates then lie almost in the span of the basis, and without repeated
     * orthogonalization they produce a spurious Ritz value near zero.
     */
    @Test
    void lanczosFillingSpaceFindsNoSpuriousValue() {
        Matrix x = nonNegativeUnitRows(300, 50);
        try (InfiniteWidthNtk ntk = new InfiniteWidthNtk(x, 0.5, new JavaKernel(), 1)) {
            ExtremeEigenvalues exact = EigenSolver.extremes(ntk, EigenSolver.Settings.defaults());
            ExtremeEigenvalues iterative = EigenSolver.extremes(ntk, new EigenSolver.Settings(
                    EigenSolver.Strategy.ITERATIVE, 4000, 1e-15, 16, 300, SEED));

            assertTrue(exact.min() > 1e-3, "exact lambda_min " + exact.min());
            assertEquals(exact.min(), iterative.min(), 1e-10 * exact.min(), "lambda_min");
            assertEquals(exact.max(), iterative.max(), 1e-10 * exact.max(), "lambda_max");
        }
    }

    /** A basis limit far below n forces thick restarts; the eigenvalues must still be right. */
    @Test
    void lanczosRestartsOnDiagonalOperator() {
        int n = 400;
        SymmetricOperator diagonal = diagonalOperator(n);
        ExtremeEigenvalues result = BlockLanczos.solve(diagonal,
                new BlockLanczos.Settings(4, 24, 1e-10, 2000, SEED));

        assertTrue(result.converged(), "converged after " + result.products() + " products");
        assertTrue(result.products() > 6, "a restart needs more than 24 / 4 products");
        assertEquals(1.0, result.min(), 1e-9, "lambda_min");
        assertEquals(n, result.max(), 1e-9 * n, "lambda_max");
    }

    @Test
    void lanczosReportsWhenProductLimitStopsIt() {
        ExtremeEigenvalues result = BlockLanczos.solve(diagonalOperator(400),
                new BlockLanczos.Settings(2, 6, 1e-12, 3, SEED));

        assertFalse(result.converged(), "three products cannot reach 1e-12");
        assertEquals(3, result.products(), "products");
        assertTrue(result.min() >= 1.0 - 1e-12, "a Ritz value bounds lambda_min from above");
        assertTrue(result.min() - result.minResidual() <= 1.0,
                "lambda_min lies within the residual of the Ritz value");
    }

    @Test
    void lanczosSpansSmallSpaceExactly() {
        ExtremeEigenvalues result = BlockLanczos.solve(diagonalOperator(5),
                new BlockLanczos.Settings(8, 24, 1e-10, 10, SEED));

        assertTrue(result.converged(), "a basis of the whole space is exact");
        assertEquals(1.0, result.min(), 1e-12, "lambda_min");
        assertEquals(5.0, result.max(), 1e-12, "lambda_max");
    }

    @Test
    void autoStrategyFollowsSizeLimit() {
        Matrix x = TestProblems.unitRows(SEED, 80, 6);
        try (InfiniteWidthNtk ntk = new InfiniteWidthNtk(x, 1.0, new JavaKernel(), 1)) {
            EigenSolver.Settings small = new EigenSolver.Settings(EigenSolver.Strategy.AUTO, 50,
                    1e-8, 8, 300, SEED);
            EigenSolver.Settings large = new EigenSolver.Settings(EigenSolver.Strategy.AUTO, 100,
                    1e-8, 8, 300, SEED);
            assertEquals(EigenMethod.LANCZOS, EigenSolver.extremes(ntk, small).method(),
                    "n = 80 above the limit 50");
            assertEquals(EigenMethod.LAPACK, EigenSolver.extremes(ntk, large).method(),
                    "n = 80 below the limit 100");
        }
    }

    @Test
    void settingsRejectBadValues() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> new EigenSolver.Settings(EigenSolver.Strategy.AUTO, 10, Double.NaN, 8, 10,
                        0));
        assertTrue(error.getMessage().contains("--tolerance"), error.getMessage());
        assertThrows(InvalidInputException.class, () -> new EigenSolver.Settings(
                EigenSolver.Strategy.AUTO, 0, 1e-8, 8, 10, 0));
        assertThrows(InvalidInputException.class, () -> new EigenSolver.Settings(
                EigenSolver.Strategy.AUTO, 10, 1e-8, 0, 10, 0));
    }

    private static Matrix nonNegativeUnitRows(int n, int d) {
        Matrix x = TestProblems.unitRows(SEED, n, d);
        double[] data = x.data();
        for (int k = 0; k < data.length; k++) {
            data[k] = Math.abs(data[k]);
        }
        return x;
    }

    private static SymmetricOperator diagonalOperator(int n) {
        return new SymmetricOperator() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public void multiply(double[] vectors, int count, double[] out) {
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < count; c++) {
                        out[i * count + c] = (i + 1) * vectors[i * count + c];
                    }
                }
            }
        };
    }

    private static double[] randomSymmetric(int n) {
        SplittableRandom random = new SplittableRandom(SEED);
        double[] matrix = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double value = random.nextGaussian();
                matrix[i * n + j] = value;
                matrix[j * n + i] = value;
            }
        }
        return matrix;
    }
}
