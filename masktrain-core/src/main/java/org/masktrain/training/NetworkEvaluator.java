package org.masktrain.training;

import org.masktrain.data.Dataset;
import org.masktrain.engine.SubnetworkEngine;
import org.masktrain.linalg.MatrixKernel;
import org.masktrain.model.Activations;
import org.masktrain.model.Network;

/**
 * Evaluates the full network {@code u(W, x) = factor * f(W, x)} on a data set in blocks of rows.
 * The block size is fixed and block sums are added in block order, so the value does not
 * depend on how many threads evaluate the blocks.
 */
public final class NetworkEvaluator {

    /** Samples per block; bounds the pre-activation buffer at BLOCK_ROWS x m doubles. */
    static final int BLOCK_ROWS = 256;

    private final MatrixKernel kernel;
    private final SubnetworkEngine engine;

    public NetworkEvaluator(MatrixKernel kernel, SubnetworkEngine engine) {
        this.kernel = kernel;
        this.engine = engine;
    }

    /**
     * Returns the loss, mean squared error and (for one-hot targets) accuracy of
     * {@code factor * f(W, X)} against Y. Modifies nothing.
     */
    public Evaluation evaluate(Network network, Dataset data, double factor) {
        int n = data.n();
        int blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
        double[] blockLoss = new double[blocks];
        int[] blockCorrect = new int[blocks];
        engine.forEachIndex(blocks, block -> {
            int start = block * BLOCK_ROWS;
            int rows = Math.min(BLOCK_ROWS, n - start);
            evaluateBlock(network, data, factor, start, rows, blockLoss, blockCorrect, block);
        });

        double loss = 0.0;
        long correct = 0;
        for (int b = 0; b < blocks; b++) {
            loss += blockLoss[b];
            correct += blockCorrect[b];
        }
        double accuracy = data.oneHot() ? (double) correct / n : Double.NaN;
        return new Evaluation(loss, loss / ((double) n * data.c()), accuracy);
    }

    private void evaluateBlock(Network network, Dataset data, double factor, int start,
            int rows, double[] blockLoss, int[] blockCorrect, int block) {
        int m = network.width();
        int d = network.inputs();
        int c = network.outputs();
        double[] x = new double[rows * d];
        System.arraycopy(data.x().data(), start * d, x, 0, rows * d);
        double[] z = new double[rows * m];
        kernel.gemm(false, true, rows, m, d, 1.0, x, d, network.weights().data(), d, 0.0, z, m);
        double[] outputs = new double[rows * c];
        Activations.outputs(z, rows, m, network.signs().data(), c, factor / Math.sqrt(m),
                outputs);

        double[] y = data.y().data();
        double loss = 0.0;
        int correct = 0;
        for (int i = 0; i < rows; i++) {
            int best = 0;
            int target = 0;
            for (int j = 0; j < c; j++) {
                double residual = outputs[i * c + j] - y[(start + i) * c + j];
                loss += residual * residual;
                if (outputs[i * c + j] > outputs[i * c + best]) {
                    best = j;
                }
                if (y[(start + i) * c + j] > y[(start + i) * c + target]) {
                    target = j;
                }
            }
            if (best == target) {
                correct++;
            }
        }
        blockLoss[block] = loss;
        blockCorrect[block] = correct;
    }
}
