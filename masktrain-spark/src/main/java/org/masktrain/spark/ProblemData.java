package org.masktrain.spark;

import java.io.Serializable;
import org.masktrain.linalg.Matrix;
import org.masktrain.training.TrainingConfig;
import org.masktrain.training.TrainingProblem;

/**
 * The training data and configuration as shipped to executors once per run (a Spark broadcast
 * variable): the row-major arrays of X and Y and their shapes. Never modified after creation.
 */
final class ProblemData implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int samples;
    private final int inputs;
    private final int outputs;
    private final double[] x;
    private final double[] y;
    private final TrainingConfig config;

    ProblemData(TrainingProblem problem) {
        this.samples = problem.samples();
        this.inputs = problem.inputs();
        this.outputs = problem.outputs();
        this.x = problem.x().data();
        this.y = problem.y().data();
        this.config = problem.config();
    }

    /** Returns the problem over this object's arrays, without copying them. */
    TrainingProblem toProblem() {
        return new TrainingProblem(new Matrix(samples, inputs, x),
                new Matrix(samples, outputs, y), config);
    }

    int inputs() {
        return inputs;
    }

    int outputs() {
        return outputs;
    }

    TrainingConfig config() {
        return config;
    }
}
