package org.masktrain.linalg;

import java.util.Arrays;

/**
 * A dense row-major matrix of doubles. Entry (i, j) is {@code data[i * cols + j]}.
 *
 * <p>The array is exposed on purpose: the training loop and the kernels work on it in place.
 * Instances are not thread-safe when shared between writers.
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final double[] data;

    /** Wraps {@code data} (not copied) as a {@code rows x cols} matrix. */
    public Matrix(int rows, int cols, double[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + " x " + cols);
        }
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "array of length " + data.length + " cannot hold " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** Allocates a zero {@code rows x cols} matrix. */
    public static Matrix zeros(int rows, int cols) {
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "matrix " + rows + " x " + cols + " exceeds the maximum Java array size");
        }
        return new Matrix(rows, cols, new double[(int) size]);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Returns the backing row-major array (not a copy). */
    public double[] data() {
        return data;
    }

    public double get(int i, int j) {
        return data[i * cols + j];
    }

    public void set(int i, int j, double value) {
        data[i * cols + j] = value;
    }

    /** Returns a deep copy. */
    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    /** Returns a new matrix holding the given rows, in the given order. */
    public Matrix selectRows(int[] rowIndices) {
        Matrix out = zeros(rowIndices.length, cols);
        for (int k = 0; k < rowIndices.length; k++) {
            System.arraycopy(data, rowIndices[k] * cols, out.data, k * cols, cols);
        }
        return out;
    }

    /** Returns row {@code i} as a new array. */
    public double[] row(int i) {
        return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + " x " + cols + "]";
    }
}
