package org.masktrain.data;

import org.masktrain.linalg.Matrix;

/**
 * Inputs and targets as trained or evaluated on.
 *
 * @param x the n x d inputs, one sample per row
 * @param y the n x c targets
 * @param oneHot whether the targets are one-hot class indicators (possibly scaled), so that
 *     accuracy by arg-max is meaningful
 */
public record Dataset(Matrix x, Matrix y, boolean oneHot) {

    public Dataset {
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("x has " + x.rows() + " rows but y has "
                    + y.rows());
        }
    }

    /** Returns the number of samples n. */
    public int n() {
        return x.rows();
    }

    /** Returns the input dimension d. */
    public int d() {
        return x.cols();
    }

    /** Returns the number of outputs c. */
    public int c() {
        return y.cols();
    }
}
