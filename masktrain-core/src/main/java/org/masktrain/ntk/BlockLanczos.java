package org.masktrain.ntk;

import java.util.SplittableRandom;
import org.masktrain.linalg.JavaKernel;
import org.masktrain.linalg.MatrixKernel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The smallest and largest eigenvalue of a symmetric operator by block Lanczos with full
 * reorthogonalization and thick restarts, needing only products with blocks of vectors.
 *
 * <p>The basis V spans a block Krylov space. Every iteration computes the Ritz pairs of
 * {@code V^T A V}, and extends V by the residuals {@code A u - theta u} of the Ritz pairs at the
 * wanted ends of the spectrum. Those residuals span the next block of the Krylov space, and
 * after a restart they continue it from the Ritz vectors kept (as Krylov-Schur restarting
 * does). New vectors are orthogonalized against V by classical Gram-Schmidt, repeated while a
 * pass cancels more than half of a vector's norm, which keeps V orthonormal to rounding.
 * {@code A V} is stored beside V, so residuals need no extra product. When V reaches its size
 * limit, only the Ritz vectors nearest the wanted ends are kept.
 *
 * <p>An end has converged when its residual norm is at most {@code tolerance * |theta|}, or at
 * most {@code 16 sqrt(n) eps ||A||}, an estimate of the level that rounding in the products
 * keeps it above.
 * The start block is random from a fixed seed, so equal inputs give equal results.
 */
public final class BlockLanczos {

    private static final Logger LOG = LoggerFactory.getLogger(BlockLanczos.class);
    private static final double EPSILON = Math.ulp(1.0);

    /**
     * Parameters of the iteration.
     *
     * @param blockSize vectors per product, at least 1; larger blocks need fewer products
     * @param maxBasis the most basis vectors kept, at least 3 blocks; memory is
     *     {@code 16 n maxBasis} bytes
     * @param tolerance the relative residual {@code ||A u - theta u|| / |theta|} to reach
     * @param maxProducts the most block products before giving up
     * @param seed the seed of the random start block
     */
    public record Settings(int blockSize, int maxBasis, double tolerance, int maxProducts,
            long seed) {

        /** Checks every field. */
        public Settings {
            if (blockSize < 1) {
                throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
            }
            if (maxBasis < 3 * blockSize) {
                throw new IllegalArgumentException("the basis limit " + maxBasis
                        + " must be at least three blocks (" + 3 * blockSize + ")");
            }
            if (!(tolerance > 0 && tolerance < 1)) {
                throw new IllegalArgumentException("tolerance must be in (0, 1), got "
                        + tolerance);
            }
            if (maxProducts < 1) {
                throw new IllegalArgumentException("product limit must be >= 1, got "
                        + maxProducts);
            }
        }
    }

    private final SymmetricOperator operator;
    private final Settings settings;
    private final MatrixKernel kernel;
    private final int n;
    private final int blockSize;
    private final int capacity;
    /** V^T: basis vector j in entries {@code j * n .. j * n + n - 1}. */
    private final double[] basis;
    /** (A V)^T, laid out like {@link #basis}. */
    private final double[] images;
    private final double[] projected;
    private final SplittableRandom random;
    private int size;
    private int products;

    private BlockLanczos(SymmetricOperator operator, Settings settings, MatrixKernel kernel) {
        this.operator = operator;
        this.settings = settings;
        this.kernel = kernel;
        this.n = operator.size();
        this.blockSize = Math.min(settings.blockSize(), n);
        this.capacity = Math.min(n, settings.maxBasis());
        long length = (long) capacity * n;
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a basis of " + capacity + " vectors of length "
                    + n + " exceeds the maximum Java array size; lower the block size");
        }
        this.basis = new double[(int) length];
        this.images = new double[(int) length];
        this.projected = new double[capacity * capacity];
        this.random = new SplittableRandom(settings.seed());
    }

    /**
     * Returns the extreme eigenvalues of {@code operator}, converged or not, with the basis
     * arithmetic in pure Java.
     */
    public static ExtremeEigenvalues solve(SymmetricOperator operator, Settings settings) {
        return solve(operator, settings, new JavaKernel());
    }

    /**
     * Returns the extreme eigenvalues of {@code operator}, converged or not, with the basis
     * arithmetic (Ritz vectors, orthogonalization, the projected matrix) through
     * {@code kernel}.
     */
    public static ExtremeEigenvalues solve(SymmetricOperator operator, Settings settings,
            MatrixKernel kernel) {
        long start = System.nanoTime();
        return new BlockLanczos(operator, settings, kernel).run(start);
    }

    private ExtremeEigenvalues run(long startNanos) {
        extend(randomBlock(blockSize), blockSize);
        double[] theta = new double[0];
        double lowResidual = Double.NaN;
        double highResidual = Double.NaN;
        boolean converged = false;
        while (true) {
            // Rayleigh-Ritz on the current basis.
            theta = new double[size];
            double[] ritz = new double[size * size];
            DenseEigen.decompose(copyProjected(), size, theta, ritz);

            // Residuals A u - theta u of the Ritz pairs at both ends, the candidates for
            // expansion: up to blockSize of the lowest and of the highest, split evenly while
            // the basis has fewer than two blocks.
            int highEnd = Math.min(blockSize, size / 2);
            int lowEnd = Math.min(blockSize, size - highEnd);
            int[] columns = new int[lowEnd + highEnd];
            for (int j = 0; j < lowEnd; j++) {
                columns[j] = j;
            }
            for (int j = 0; j < highEnd; j++) {
                columns[lowEnd + j] = size - 1 - j;
            }
            double[] residuals = residualVectors(ritz, theta, columns);
            lowResidual = norm(residuals, 0);
            // With a single Ritz pair, the highest is the lowest.
            highResidual = norm(residuals, highEnd > 0 ? lowEnd : lowEnd - 1);

            double norm = Math.max(Math.abs(theta[0]), Math.abs(theta[size - 1]));
            double floor = 16.0 * Math.sqrt(n) * EPSILON * norm;
            boolean lowDone = lowResidual <= Math.max(settings.tolerance() * Math.abs(theta[0]),
                    floor);
            boolean highDone = highResidual <= Math.max(
                    settings.tolerance() * Math.abs(theta[size - 1]), floor);
            LOG.debug("block Lanczos: basis {}, products {}, lambda_min {} (residual {}), "
                    + "lambda_max {} (residual {})", size, products, theta[0], lowResidual,
                    theta[size - 1], highResidual);
            // A basis of the whole space makes the Ritz values the eigenvalues themselves.
            converged = lowDone && highDone || size == n;
            if (converged || products >= settings.maxProducts()) {
                break;
            }

            // Thick restart: keep the Ritz vectors nearest the unconverged ends.
            if (size + blockSize > capacity) {
                restart(theta, ritz, lowDone, highDone);
                continue;
            }

            // Expansion by the residuals of the wanted Ritz pairs.
            int lowCount = (blockSize + 1) / 2;
            if (highDone) {
                lowCount = blockSize;
            } else if (lowDone) {
                lowCount = 0;
            }
            lowCount = Math.min(lowCount, lowEnd);
            int highCount = Math.min(blockSize - lowCount, highEnd);
            double[] candidates = new double[(lowCount + highCount) * n];
            System.arraycopy(residuals, 0, candidates, 0, lowCount * n);
            System.arraycopy(residuals, lowEnd * n, candidates, lowCount * n, highCount * n);
            if (!extend(candidates, lowCount + highCount)) {
                int count = Math.min(blockSize, n - size);
                if (!extend(randomBlock(count), count)) {
                    // The basis spans an invariant subspace and no random direction is left.
                    converged = true;
                    break;
                }
            }
        }
        if (!converged) {
            LOG.warn("block Lanczos stopped after {} products without reaching the relative "
                    + "residual {}: lambda_min {} (residual {}), lambda_max {} (residual {})",
                    products, settings.tolerance(), theta[0], lowResidual, theta[size - 1],
                    highResidual);
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new ExtremeEigenvalues(theta[0], theta[size - 1], lowResidual, highResidual,
                EigenMethod.LANCZOS, products, converged, settings.tolerance(), seconds);
    }

    /**
     * Orthonormalizes the {@code count} candidate vectors (rows of {@code candidates}) against
     * the basis and each other, drops those that vanish, multiplies the rest by the operator
     * and adds them; returns whether any was added.
     *
     * <p>Each candidate is projected out of the basis by classical Gram-Schmidt, repeated
     * while a pass removes more than half of its norm, so that it is orthogonal to rounding
     * before it is normalized. Without the repetition, a candidate that is nearly in the span
     * of the basis keeps components along it that normalization magnifies, and spurious Ritz
     * values near zero appear.
     */
    private boolean extend(double[] candidates, int count) {
        int room = capacity - size;
        int accepted = 0;
        double[] vector = new double[n];
        double[] coefficients = new double[capacity];
        for (int j = 0; j < count && accepted < room; j++) {
            System.arraycopy(candidates, j * n, vector, 0, n);
            double original = norm(vector, 0);
            if (!(original > 0)) {
                continue;
            }
            double previous = original;
            double current = original;
            int against = size + accepted;
            for (int pass = 0; pass < 4 && against > 0; pass++) {
                kernel.gemm(false, true, 1, against, n, 1.0, vector, n, basis, n, 0.0,
                        coefficients, against);
                kernel.gemm(false, false, 1, n, against, -1.0, coefficients, against, basis, n,
                        1.0, vector, n);
                current = norm(vector, 0);
                if (current > 0.5 * previous) {
                    break;
                }
                previous = current;
            }
            if (!(current > 1e-12 * original)) {
                // The candidate lies in the span of the basis up to rounding.
                continue;
            }
            int target = (size + accepted) * n;
            for (int k = 0; k < n; k++) {
                basis[target + k] = vector[k] / current;
            }
            accepted++;
        }
        if (accepted == 0) {
            return false;
        }

        // One block product for all accepted vectors, now rows size .. size + accepted - 1.
        int first = size;
        double[] block = new double[n * accepted];
        for (int j = 0; j < accepted; j++) {
            int offset = (first + j) * n;
            for (int i = 0; i < n; i++) {
                block[i * accepted + j] = basis[offset + i];
            }
        }
        double[] product = new double[n * accepted];
        operator.multiply(block, accepted, product);
        products++;
        for (int j = 0; j < accepted; j++) {
            int offset = (first + j) * n;
            for (int i = 0; i < n; i++) {
                images[offset + i] = product[i * accepted + j];
            }
        }
        size += accepted;

        // New columns of the projected matrix V^T A V, symmetrized on the new block.
        double[] newImages = new double[accepted * n];
        System.arraycopy(images, first * n, newImages, 0, accepted * n);
        double[] columns = new double[size * accepted];
        kernel.gemm(false, true, size, accepted, n, 1.0, basis, n, newImages, n, 0.0, columns,
                accepted);
        for (int i = 0; i < size; i++) {
            for (int j = first; j < size; j++) {
                double value = columns[i * accepted + j - first];
                if (i >= first) {
                    value = 0.5 * (value + columns[j * accepted + i - first]);
                }
                projected[i * capacity + j] = value;
                projected[j * capacity + i] = value;
            }
        }
        return true;
    }

    /** Replaces the basis by the Ritz vectors nearest the unconverged ends. */
    private void restart(double[] theta, double[] ritz, boolean lowDone, boolean highDone) {
        int keep = Math.max(2, Math.min(capacity - blockSize, capacity / 2));
        int few = Math.max(1, Math.min(blockSize, keep / 4));
        int lowKeep = (keep + 1) / 2;
        if (highDone) {
            lowKeep = keep - few;
        } else if (lowDone) {
            lowKeep = few;
        }
        int highKeep = keep - lowKeep;
        int[] keptRitzIndices = new int[keep];
        for (int j = 0; j < lowKeep; j++) {
            keptRitzIndices[j] = j;
        }
        for (int j = 0; j < highKeep; j++) {
            keptRitzIndices[lowKeep + j] = size - 1 - j;
        }
        double[] newBasis = combine(basis, ritz, keptRitzIndices);
        double[] newImages = combine(images, ritz, keptRitzIndices);
        System.arraycopy(newBasis, 0, basis, 0, keep * n);
        System.arraycopy(newImages, 0, images, 0, keep * n);
        java.util.Arrays.fill(projected, 0.0);
        for (int j = 0; j < keep; j++) {
            projected[j * capacity + j] = theta[keptRitzIndices[j]];
        }
        size = keep;
        LOG.debug("block Lanczos restarted after {} products, keeping {} Ritz vectors",
                products, keep);
    }

    private double[] randomBlock(int count) {
        double[] block = new double[count * n];
        for (int k = 0; k < block.length; k++) {
            block[k] = random.nextGaussian();
        }
        return block;
    }

    private double[] copyProjected() {
        double[] copy = new double[size * size];
        for (int i = 0; i < size; i++) {
            System.arraycopy(projected, i * capacity, copy, i * size, size);
        }
        return copy;
    }

    /**
     * Returns the combinations {@code sum_i ritz[i, c] * vectors[i]} for the Ritz columns c
     * in {@code columns}, one per row of the result.
     */
    private double[] combine(double[] vectors, double[] ritz, int[] columns) {
        int count = columns.length;
        double[] selected = new double[size * count];
        for (int i = 0; i < size; i++) {
            for (int c = 0; c < count; c++) {
                selected[i * count + c] = ritz[i * size + columns[c]];
            }
        }
        double[] out = new double[count * n];
        kernel.gemm(true, false, count, n, size, 1.0, selected, count, vectors, n, 0.0, out, n);
        return out;
    }

    /** Returns the residuals {@code A u - theta u} of the given Ritz pairs, one per row. */
    private double[] residualVectors(double[] ritz, double[] theta, int[] columns) {
        double[] u = combine(basis, ritz, columns);
        double[] au = combine(images, ritz, columns);
        for (int c = 0; c < columns.length; c++) {
            double value = theta[columns[c]];
            int offset = c * n;
            for (int k = 0; k < n; k++) {
                au[offset + k] -= value * u[offset + k];
            }
        }
        return au;
    }

    /** Returns the norm of row {@code row} of an array of rows of length n. */
    private double norm(double[] rows, int row) {
        double sum = 0.0;
        int offset = row * n;
        for (int k = 0; k < n; k++) {
            sum += rows[offset + k] * rows[offset + k];
        }
        return Math.sqrt(sum);
    }
}
