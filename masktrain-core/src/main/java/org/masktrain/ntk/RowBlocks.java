package org.masktrain.ntk;

import org.masktrain.linalg.Matrix;

/** Copies of the rows of a matrix cut along the row blocks of a {@link KernelMatrix}. */
final class RowBlocks {

    private RowBlocks() {
    }

    /** Returns one row-major array per row block of {@code layout}, holding those rows of m. */
    static double[][] split(Matrix m, KernelMatrix layout) {
        if (m.rows() != layout.size()) {
            throw new IllegalArgumentException("matrix has " + m.rows() + " rows, expected "
                    + layout.size());
        }
        int cols = m.cols();
        double[][] blocks = new double[layout.blockCount()][];
        for (int block = 0; block < blocks.length; block++) {
            int start = layout.blockStart(block);
            int rows = layout.blockSize(block);
            blocks[block] = new double[rows * cols];
            System.arraycopy(m.data(), start * cols, blocks[block], 0, rows * cols);
        }
        return blocks;
    }
}
