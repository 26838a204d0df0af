package org.masktrain.training;

import java.io.Serializable;
import org.masktrain.linalg.Matrix;

/**
 * Everything a worker needs to train sub-networks, shipped once before the first round: the
 * training data as preprocessed and the configuration. The arrays are shared, never modified.
 *
 * @param x the n x d training inputs
 * @param y the n x c training targets
 * @param config the resolved configuration
 */
public record TrainingProblem(Matrix x, Matrix y, TrainingConfig config) implements Serializable {

    public int samples() {
        return x.rows();
    }

    public int inputs() {
        return x.cols();
    }

    public int outputs() {
        return y.cols();
    }
}
