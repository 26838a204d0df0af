package org.masktrain.ntk;

import java.util.Locale;
import org.masktrain.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses how to compute the extreme eigenvalues of a kernel matrix: exactly from the dense
 * matrix when n is at most {@link Settings#exactLimit()} (n^2 doubles in memory, {@code 4/3 n^3}
 * operations), else by {@link BlockLanczos} with matrix-free products.
 */
public final class EigenSolver {

    private static final Logger LOG = LoggerFactory.getLogger(EigenSolver.class);

    /** The route to the eigenvalues. */
    public enum Strategy {
        /** Exact up to the size limit, iterative above it. */
        AUTO,
        /** Always exact; fails above the size the available routine can handle. */
        EXACT,
        /** Always block Lanczos. */
        ITERATIVE;

        /** Returns the lower-case name used on the command line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Parameters of the eigenvalue computation.
     *
     * @param strategy exact, iterative or automatic
     * @param exactLimit the largest n solved exactly under {@link Strategy#AUTO}
     * @param tolerance the relative residual the iterative method must reach
     * @param blockSize vectors per block product of the iterative method
     * @param maxProducts the most block products of the iterative method
     * @param seed the seed of the iterative method's start block
     */
    public record Settings(Strategy strategy, int exactLimit, double tolerance, int blockSize,
            int maxProducts, long seed) {

        public static final int DEFAULT_EXACT_LIMIT = 4000;
        public static final double DEFAULT_TOLERANCE = 1e-8;
        public static final int DEFAULT_BLOCK_SIZE = 32;
        public static final int DEFAULT_MAX_PRODUCTS = 300;
        /** Basis vectors kept by the iterative method, in blocks. */
        static final int BASIS_BLOCKS = 24;

        /** Returns the defaults: automatic choice, n <= 4000 exact, tolerance 1e-8. */
        public static Settings defaults() {
            return new Settings(Strategy.AUTO, DEFAULT_EXACT_LIMIT, DEFAULT_TOLERANCE,
                    DEFAULT_BLOCK_SIZE, DEFAULT_MAX_PRODUCTS, 0L);
        }

        /** Checks every field, naming the command-line option in messages. */
        public Settings {
            if (strategy == null) {
                throw new InvalidInputException("--eigen-method is missing");
            }
            if (exactLimit < 1) {
                throw new InvalidInputException("--exact-limit must be >= 1, got " + exactLimit);
            }
            if (!(tolerance > 0 && tolerance < 1)) {
                throw new InvalidInputException("--tolerance must be in (0, 1), got "
                        + tolerance);
            }
            if (blockSize < 1) {
                throw new InvalidInputException("--block-size must be >= 1, got " + blockSize);
            }
            if (maxProducts < 1) {
                throw new InvalidInputException("--max-products must be >= 1, got "
                        + maxProducts);
            }
        }

        /** Returns whether a matrix of size n is solved exactly. */
        public boolean exact(int n) {
            return switch (strategy) {
                case EXACT -> true;
                case ITERATIVE -> false;
                case AUTO -> n <= exactLimit && DenseEigen.canSolve(n);
            };
        }

        BlockLanczos.Settings lanczos() {
            return new BlockLanczos.Settings(blockSize, BASIS_BLOCKS * blockSize, tolerance,
                    maxProducts, seed);
        }
    }

    private EigenSolver() {
    }

    /**
     * Returns the smallest and largest eigenvalue of {@code matrix}.
     *
     * @throws InvalidInputException when the exact route is forced on a matrix too large for it
     */
    public static ExtremeEigenvalues extremes(KernelMatrix matrix, Settings settings) {
        int n = matrix.size();
        if (!settings.exact(n)) {
            return BlockLanczos.solve(matrix, settings.lanczos(), matrix.kernel());
        }
        checkExactPossible(n);
        long start = System.nanoTime();
        DenseEigen.ExtremePairs pairs = DenseEigen.extremes(matrix.toDense(), n);
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.debug("exact extreme eigenvalues of a {} x {} matrix in {} s", n, n, seconds);
        return new ExtremeEigenvalues(pairs.min(), pairs.max(), pairs.minResidual(),
                pairs.maxResidual(), pairs.method(), 0, true, Double.NaN, seconds);
    }

    /**
     * Returns the smallest eigenvalue of {@code matrix}: exactly without its eigenvector when
     * the settings choose the exact route, else from {@link #extremes}.
     */
    public static double smallest(KernelMatrix matrix, Settings settings) {
        int n = matrix.size();
        if (!settings.exact(n)) {
            return BlockLanczos.solve(matrix, settings.lanczos(), matrix.kernel()).min();
        }
        checkExactPossible(n);
        return DenseEigen.smallest(matrix.toDense(), n);
    }

    private static void checkExactPossible(int n) {
        if (!DenseEigen.canSolve(n)) {
            throw new InvalidInputException("--eigen-method exact: without native LAPACK the "
                    + "exact route is limited to n <= " + DenseEigen.JACOBI_LIMIT + ", got n = "
                    + n + "; use --eigen-method auto or iterative");
        }
        if ((long) n * n > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("--eigen-method exact: a dense " + n + " x " + n
                    + " matrix exceeds the maximum Java array size; use --eigen-method auto or "
                    + "iterative");
        }
    }
}
