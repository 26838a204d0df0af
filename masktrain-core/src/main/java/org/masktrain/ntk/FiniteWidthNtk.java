package org.masktrain.ntk;

import org.masktrain.linalg.Matrix;
import org.masktrain.linalg.MatrixKernel;

/**
 * The neural tangent kernel of a finite set of neurons,
 * {@code H_ij = scale * <x_i, x_j> * #{r : <w_r, x_i> >= 0 and <w_r, x_j> >= 0}}, from
 * "On the Convergence of Shallow Neural Network Training with Randomly Masked Neurons" (Liao
 * and Kyrillidis, TMLR 2022, arXiv:2112.02668):
 *
 * <ul>
 *   <li>{@link #full}: the finite-width NTK {@code H(k)} of all m neurons, scale xi / m;
 *   <li>{@link #masked}: the masked NTK {@code (mm o H)} of the neurons a mask keeps, scale
 *       1 / m, an unbiased estimate of {@code H(k)} over Bernoulli(xi) masks;
 *   <li>{@link #ofNeurons}: the masked NTK of a trained block of neuron rows.
 * </ul>
 *
 * <p>Only the n x h activation patterns {@code 1{<w_r, x_i> >= 0}} are stored. A product uses
 * whichever of two exact routes needs fewer multiply-adds: block pairs of entries, or the
 * factored form {@code H v = scale * sum_r D_r X X^T D_r v} with {@code D_r} the diagonal of
 * neuron r's pattern, which costs {@code 2 n d h} per vector and never forms an entry.
 */
public final class FiniteWidthNtk extends KernelMatrix {

    private final int d;
    private final int h;
    private final double scale;
    private final double[][] rowBlocks;
    private final double[][] patternBlocks;

    private FiniteWidthNtk(Matrix x, double[] neurons, int h, double scale, MatrixKernel kernel,
            int threads) {
        super(x.rows(), kernel, threads);
        this.d = x.cols();
        this.h = h;
        this.scale = scale;
        if ((long) h * d != neurons.length) {
            throw new IllegalArgumentException("neuron block of " + neurons.length
                    + " values is not " + h + " rows of " + d);
        }
        this.rowBlocks = RowBlocks.split(x, this);
        this.patternBlocks = new double[blockCount()][];
        loop().forEach(blockCount(), block -> {
            int rows = blockSize(block);
            double[] pattern = new double[rows * h];
            if (h > 0) {
                kernel.gemm(false, true, rows, h, d, 1.0, rowBlocks[block], d, neurons, d, 0.0,
                        pattern, h);
            }
            for (int k = 0; k < pattern.length; k++) {
                pattern[k] = pattern[k] >= 0.0 ? 1.0 : 0.0;
            }
            patternBlocks[block] = pattern;
        });
    }

    /**
     * Returns the finite-width NTK {@code H_ij = (xi / m) <x_i, x_j> sum_r 1{...}} of all m
     * rows of {@code weights}.
     *
     * @param x the n x d inputs; copied
     * @param weights W, m x d; read once
     * @param xi the keep probability that scales the full network
     */
    public static FiniteWidthNtk full(Matrix x, Matrix weights, double xi, MatrixKernel kernel,
            int threads) {
        checkColumns(x, weights.cols());
        return new FiniteWidthNtk(x, weights.data(), weights.rows(), xi / weights.rows(), kernel,
                threads);
    }

    /**
     * Returns the masked NTK {@code (mm o H)_ij = (1/m) <x_i, x_j> sum_r mm_r 1{...}} of the
     * rows {@code active} of {@code weights} (the neurons the mask keeps).
     *
     * @param active the kept neurons, each in [0, m)
     */
    public static FiniteWidthNtk masked(Matrix x, Matrix weights, int[] active,
            MatrixKernel kernel, int threads) {
        checkColumns(x, weights.cols());
        return new FiniteWidthNtk(x, weights.selectRows(active).data(), active.length,
                1.0 / weights.rows(), kernel, threads);
    }

    /**
     * Returns the masked NTK of a block of neuron rows, such as a sub-network's weights after
     * its local steps: {@code (1/width) <x_i, x_j> sum_r 1{...}} over the h rows of
     * {@code neurons}.
     *
     * @param neurons h x d, row-major; read once
     * @param width m, the width of the full network
     */
    public static FiniteWidthNtk ofNeurons(Matrix x, double[] neurons, int width,
            MatrixKernel kernel, int threads) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
        return new FiniteWidthNtk(x, neurons, neurons.length / Math.max(1, x.cols()),
                1.0 / width, kernel, threads);
    }

    private static void checkColumns(Matrix x, int weightColumns) {
        if (x.cols() != weightColumns) {
            throw new IllegalArgumentException("inputs have " + x.cols()
                    + " columns but the weights have " + weightColumns);
        }
    }

    /** Returns h, the number of neurons the kernel sums over. */
    public int neurons() {
        return h;
    }

    @Override
    protected void fillBlock(int rowBlock, int colBlock, double[] out) {
        int rows = blockSize(rowBlock);
        int cols = blockSize(colBlock);
        kernel().gemm(false, true, rows, cols, d, 1.0, rowBlocks[rowBlock], d,
                rowBlocks[colBlock], d, 0.0, out, cols);
        double[] counts = scratch(2, rows * cols);
        if (h > 0) {
            kernel().gemm(false, true, rows, cols, h, 1.0, patternBlocks[rowBlock], h,
                    patternBlocks[colBlock], h, 0.0, counts, cols);
        } else {
            java.util.Arrays.fill(counts, 0, rows * cols, 0.0);
        }
        for (int k = 0; k < rows * cols; k++) {
            out[k] *= scale * counts[k];
        }
    }

    @Override
    public void multiply(double[] vectors, int count, double[] out) {
        checkBlock(vectors, count, out);
        double n = size();
        double pairCost = n * n * (d + h) / 2.0 + n * n * count;
        double factoredCost = 2.0 * n * d * h * count;
        if (pairCost <= factoredCost) {
            super.multiply(vectors, count, out);
            return;
        }
        loop().forEach(count, column -> multiplyFactored(vectors, count, column, out));
    }

    /**
     * Computes column {@code column} of the product as {@code scale * sum_r D_r X (X^T D_r v)}:
     * first {@code M = X^T (v .* S)} (d x h), then {@code out_i = scale * sum_r S_ir (X M)_ir}.
     */
    private void multiplyFactored(double[] vectors, int count, int column, double[] out) {
        double[] projected = new double[d * h];
        for (int block = 0; block < blockCount(); block++) {
            int rows = blockSize(block);
            int start = blockStart(block);
            double[] pattern = patternBlocks[block];
            double[] weighted = scratch(2, rows * h);
            for (int i = 0; i < rows; i++) {
                double v = vectors[(start + i) * count + column];
                for (int r = 0; r < h; r++) {
                    weighted[i * h + r] = v * pattern[i * h + r];
                }
            }
            kernel().gemm(true, false, d, h, rows, 1.0, rowBlocks[block], d, weighted, h, 1.0,
                    projected, h);
        }
        for (int block = 0; block < blockCount(); block++) {
            int rows = blockSize(block);
            int start = blockStart(block);
            double[] pattern = patternBlocks[block];
            double[] mapped = scratch(3, rows * h);
            kernel().gemm(false, false, rows, h, d, 1.0, rowBlocks[block], d, projected, h, 0.0,
                    mapped, h);
            for (int i = 0; i < rows; i++) {
                double sum = 0.0;
                for (int r = 0; r < h; r++) {
                    sum += pattern[i * h + r] * mapped[i * h + r];
                }
                out[(start + i) * count + column] = scale * sum;
            }
        }
    }

    /**
     * Returns the activation patterns {@code 1{<w_r, x_i> >= 0}} as an n x h array of 0/1
     * bytes, row i for sample i.
     */
    public byte[] activationPatterns() {
        byte[] patterns = new byte[size() * h];
        for (int block = 0; block < blockCount(); block++) {
            int start = blockStart(block);
            double[] pattern = patternBlocks[block];
            for (int k = 0; k < blockSize(block) * h; k++) {
                patterns[start * h + k] = (byte) (pattern[k] != 0.0 ? 1 : 0);
            }
        }
        return patterns;
    }
}
