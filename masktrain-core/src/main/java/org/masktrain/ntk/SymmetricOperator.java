package org.masktrain.ntk;

/**
 * A real symmetric n x n matrix known through its products with blocks of vectors, so that a
 * matrix too large to store can still be analysed by an iterative eigen-solver.
 */
public interface SymmetricOperator {

    /** Returns n, the number of rows and columns. */
    int size();

    /**
     * Computes {@code out = A * vectors} for a block of {@code count} vectors.
     *
     * @param vectors n x count, row-major (row i contains entry i of every vector); not modified
     * @param count the number of vectors, at least 1
     * @param out n x count, row-major; overwritten
     */
    void multiply(double[] vectors, int count, double[] out);
}
