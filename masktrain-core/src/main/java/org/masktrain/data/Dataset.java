package org.masktrain.data;

import org.masktrain.linalg.Matrix;

/**
 * Features and targets of one part of the data (training or held-out).
 *
 * @param x the n x d features, one sample per row
 * @param y the n x c targets
 * @param oneHot whether each row of {@code y} is a one-hot class indicator
 */
public record Dataset(Matrix x, Matrix y, boolean oneHot) {

    /** Checks that {@code x} and {@code y} have the same number of rows. */
    public Dataset {
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("features have " + x.rows()
                    + " rows but targets have " + y.rows());
        }
    }

    /** Returns the number of samples n. */
    public int n() {
        return x.rows();
    }

    /** Returns the number of features d. */
    public int d() {
        return x.cols();
    }

    /** Returns the number of target columns c. */
    public int c() {
        return y.cols();
    }
}
