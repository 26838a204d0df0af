package org.masktrain.io;

import org.masktrain.linalg.Matrix;

/**
 * An array read from an {@code .npy} file, converted to {@code double} and stored in C order
 * (last axis fastest), whatever the file's element type and order.
 *
 * <p>When the reader was asked for fewer rows than the file has, {@link #shape()} is the shape of
 * the rows loaded and {@link #header()} still describes the whole file.
 */
public final class NpyArray {

    private final NpyHeader header;
    private final long[] shape;
    private final double[] data;

    /**
     * Wraps loaded data; the arrays are not copied.
     *
     * @param header the file's header
     * @param shape the shape of the loaded data
     * @param data the loaded elements in C order
     */
    public NpyArray(NpyHeader header, long[] shape, double[] data) {
        long count = 1;
        for (long dimension : shape) {
            count *= dimension;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("data of length " + data.length
                    + " does not match shape " + NpyHeader.formatShape(shape));
        }
        this.header = header;
        this.shape = shape;
        this.data = data;
    }

    /** Returns the header of the file the array came from. */
    public NpyHeader header() {
        return header;
    }

    /** Returns the shape of the loaded data (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    /** Returns the number of axes. */
    public int ndim() {
        return shape.length;
    }

    /** Returns the length of {@code axis} in the loaded data. */
    public long shape(int axis) {
        return shape[axis];
    }

    /** Returns the loaded elements in C order (not a copy). */
    public double[] data() {
        return data;
    }

    /**
     * Returns the data as a matrix without copying: a 2-D array keeps its shape and a 1-D array
     * of length n becomes an n x 1 column.
     *
     * @throws IllegalStateException when the array has neither one nor two axes
     */
    public Matrix toMatrix() {
        if (shape.length == 1) {
            return new Matrix((int) shape[0], 1, data);
        }
        if (shape.length == 2) {
            return new Matrix((int) shape[0], (int) shape[1], data);
        }
        throw new IllegalStateException("a " + shape.length + "-D array of shape "
                + NpyHeader.formatShape(shape) + " is not a matrix");
    }
}
