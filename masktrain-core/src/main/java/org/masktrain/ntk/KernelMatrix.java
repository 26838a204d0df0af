package org.masktrain.ntk;

import java.util.Arrays;
import org.masktrain.engine.WorkerPool;
import org.masktrain.linalg.MatrixKernel;

/**
 * A symmetric n x n kernel matrix whose entries are computed on demand, one square block of
 * rows and columns at a time. Products, distances and a dense copy therefore need only a few
 * blocks in memory at once.
 *
 * <p>The rows are cut into blocks of at most {@link #MAX_BLOCK_ROWS}. A product visits every
 * pair of blocks (I, J) with I <= J once and uses the block for both halves of the matrix.
 * Partial sums are added in a fixed order, so every result is independent of the thread count.
 * Instances are not safe for concurrent calls; close them to stop their threads.
 */
public abstract class KernelMatrix implements SymmetricOperator, AutoCloseable {

    /** Largest block of rows: a 1024 x 1024 block of doubles is 8 MiB per thread. */
    static final int MAX_BLOCK_ROWS = 1024;
    /** Smallest block of rows, so small matrices are not cut into tiny products. */
    static final int MIN_BLOCK_ROWS = 64;

    private final int n;
    private final int blockRows;
    private final int blockCount;
    private final MatrixKernel kernel;
    private final WorkerPool loop;
    private final ThreadLocal<double[][]> scratch = ThreadLocal.withInitial(
            () -> new double[4][]);

    /**
     * @param n the number of rows and columns
     * @param kernel the route for the block products
     * @param threads worker threads for products and copies; 0 means one per core
     */
    protected KernelMatrix(int n, MatrixKernel kernel, int threads) {
        if (n < 1) {
            throw new IllegalArgumentException("a kernel matrix needs at least one row, got " + n);
        }
        this.n = n;
        this.blockRows = Math.min(MAX_BLOCK_ROWS, Math.max(MIN_BLOCK_ROWS, (n + 7) / 8));
        this.blockCount = (n + blockRows - 1) / blockRows;
        this.kernel = kernel;
        this.loop = new WorkerPool(threads, "masktrain-ntk");
    }

    @Override
    public final int size() {
        return n;
    }

    /** Returns the matrix kernel that block products go through. */
    protected final MatrixKernel kernel() {
        return kernel;
    }

    /** Returns the loop that spreads work over this matrix's threads. */
    final WorkerPool loop() {
        return loop;
    }

    /** Returns the number of row blocks. */
    protected final int blockCount() {
        return blockCount;
    }

    /** Returns the first row of block {@code block}. */
    protected final int blockStart(int block) {
        return block * blockRows;
    }

    /** Returns the number of rows of block {@code block}. */
    protected final int blockSize(int block) {
        return Math.min(blockRows, n - block * blockRows);
    }

    /**
     * Returns a per-thread work array of at least {@code length} doubles; slot 0 and 1 are
     * used by this class, slots 2 and 3 are free for subclasses. The content is undefined.
     */
    protected final double[] scratch(int slot, int length) {
        double[][] buffers = scratch.get();
        if (buffers[slot] == null || buffers[slot].length < length) {
            buffers[slot] = new double[length];
        }
        return buffers[slot];
    }

    /**
     * Writes the entries of rows block {@code rowBlock} and columns block {@code colBlock}
     * into {@code out}, row-major with {@code blockSize(colBlock)} columns. Called from
     * several threads at once; use {@link #scratch} slots 2 and 3 for work space.
     */
    protected abstract void fillBlock(int rowBlock, int colBlock, double[] out);

    /**
     * Returns the entry (i, j). Computes a whole block, so use it for checks, not loops.
     */
    public double entry(int i, int j) {
        int rowBlock = i / blockRows;
        int colBlock = j / blockRows;
        double[] block = new double[blockSize(rowBlock) * blockSize(colBlock)];
        fillBlock(rowBlock, colBlock, block);
        return block[(i - blockStart(rowBlock)) * blockSize(colBlock) + j - blockStart(colBlock)];
    }

    /**
     * Returns the whole matrix as a new n x n row-major array.
     *
     * @throws IllegalArgumentException when n * n exceeds the maximum Java array size
     */
    public double[] toDense() {
        long length = (long) n * n;
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a dense " + n + " x " + n
                    + " matrix exceeds the maximum Java array size; use the iterative solver");
        }
        double[] dense = new double[(int) length];
        loop.forEach(blockCount, rowBlock -> {
            int rows = blockSize(rowBlock);
            int rowStart = blockStart(rowBlock);
            for (int colBlock = rowBlock; colBlock < blockCount; colBlock++) {
                int cols = blockSize(colBlock);
                int colStart = blockStart(colBlock);
                double[] block = scratch(0, rows * cols);
                fillBlock(rowBlock, colBlock, block);
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(block, i * cols, dense, (rowStart + i) * n + colStart, cols);
                }
            }
        });
        // The blocks below the diagonal are the transposes of those above it.
        for (int i = 0; i < n; i++) {
            int rowBlockEnd = blockStart(i / blockRows);
            for (int j = 0; j < rowBlockEnd; j++) {
                dense[i * n + j] = dense[j * n + i];
            }
        }
        return dense;
    }

    /**
     * Computes the product block pair by block pair: the task of row block I adds
     * {@code A_IJ V_J} for J >= I into its own rows, and stores {@code A_IJ^T V_I} for J > I,
     * which row block J adds afterwards in the order of I.
     */
    @Override
    public void multiply(double[] vectors, int count, double[] out) {
        checkBlock(vectors, count, out);
        double[][][] transposed = new double[blockCount][][];
        loop.forEach(blockCount, rowBlock -> {
            int rows = blockSize(rowBlock);
            int rowStart = blockStart(rowBlock);
            double[] own = new double[rows * count];
            transposed[rowBlock] = new double[blockCount][];
            for (int colBlock = rowBlock; colBlock < blockCount; colBlock++) {
                int cols = blockSize(colBlock);
                int colStart = blockStart(colBlock);
                double[] block = scratch(0, rows * cols);
                fillBlock(rowBlock, colBlock, block);
                double[] right = scratch(1, cols * count);
                System.arraycopy(vectors, colStart * count, right, 0, cols * count);
                kernel.gemm(false, false, rows, count, cols, 1.0, block, cols, right, count,
                        1.0, own, count);
                if (colBlock > rowBlock) {
                    double[] left = Arrays.copyOfRange(vectors, rowStart * count,
                            (rowStart + rows) * count);
                    double[] part = new double[cols * count];
                    kernel.gemm(true, false, cols, count, rows, 1.0, block, cols, left, count,
                            0.0, part, count);
                    transposed[rowBlock][colBlock] = part;
                }
            }
            System.arraycopy(own, 0, out, rowStart * count, rows * count);
        });
        for (int colBlock = 1; colBlock < blockCount; colBlock++) {
            int offset = blockStart(colBlock) * count;
            int length = blockSize(colBlock) * count;
            for (int rowBlock = 0; rowBlock < colBlock; rowBlock++) {
                double[] part = transposed[rowBlock][colBlock];
                for (int k = 0; k < length; k++) {
                    out[offset + k] += part[k];
                }
            }
        }
    }

    /**
     * Returns the Frobenius norm of {@code this - other}, computed block by block without
     * storing either matrix.
     *
     * @throws IllegalArgumentException when the sizes differ
     */
    public double frobeniusDistance(KernelMatrix other) {
        try (KernelMatrix difference = difference(this, other, 1)) {
            return difference.frobeniusNorm();
        }
    }

    /** Returns the Frobenius norm, computed block by block. */
    public double frobeniusNorm() {
        double[] rowSums = new double[blockCount];
        loop.forEach(blockCount, rowBlock -> {
            int rows = blockSize(rowBlock);
            double sum = 0.0;
            for (int colBlock = rowBlock; colBlock < blockCount; colBlock++) {
                int length = rows * blockSize(colBlock);
                double[] block = scratch(0, length);
                fillBlock(rowBlock, colBlock, block);
                double blockSum = 0.0;
                for (int k = 0; k < length; k++) {
                    blockSum += block[k] * block[k];
                }
                // A block off the diagonal stands for itself and its transpose.
                sum += colBlock == rowBlock ? blockSum : 2.0 * blockSum;
            }
            rowSums[rowBlock] = sum;
        });
        double total = 0.0;
        for (double value : rowSums) {
            total += value;
        }
        return Math.sqrt(total);
    }

    /**
     * Returns the matrix {@code a - b} with entries computed from both on demand. Closing it
     * stops only its own threads, not those of {@code a} and {@code b}.
     *
     * @param threads worker threads; 0 means one per core
     * @throws IllegalArgumentException when the sizes differ
     */
    public static KernelMatrix difference(KernelMatrix a, KernelMatrix b, int threads) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("cannot subtract a " + b.size() + " x " + b.size()
                    + " kernel matrix from a " + a.size() + " x " + a.size() + " one");
        }
        return new KernelMatrix(a.size(), a.kernel(), threads) {
            @Override
            protected void fillBlock(int rowBlock, int colBlock, double[] out) {
                int length = blockSize(rowBlock) * blockSize(colBlock);
                double[] other = scratch(2, length);
                a.fillBlock(rowBlock, colBlock, out);
                b.fillBlock(rowBlock, colBlock, other);
                for (int k = 0; k < length; k++) {
                    out[k] -= other[k];
                }
            }
        };
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        loop.close();
    }

    /** Checks the shapes of a product's operands. */
    final void checkBlock(double[] vectors, int count, double[] out) {
        long length = (long) n * count;
        if (count < 1 || vectors.length < length || out.length < length) {
            throw new IllegalArgumentException("a product with " + count + " vectors of length "
                    + n + " needs arrays of " + length + " doubles, got " + vectors.length
                    + " and " + out.length);
        }
    }
}
