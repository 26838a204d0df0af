package org.masktrain.masks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.masktrain.data.Dataset;
import org.masktrain.model.Network;
import org.masktrain.random.RandomStreams;
import org.masktrain.training.NaiveNetwork;
import org.masktrain.training.TestProblems;

/**
 * Checks by Monte Carlo that a Bernoulli(xi) sub-network is an unbiased estimate of the
 * paper-scaled full network, {@code E_mask[f_mm(W, X)] = xi * f(W, X)}, the identity behind
 * the scaling in "On the Convergence of Shallow Neural Network Training with Randomly Masked
 * Neurons". Every output entry must lie within 4 standard errors of its expectation.
 */
class MaskExpectationTest {

    private static final long SEED = 2_112_026L;
    private static final int SAMPLES = 10;
    private static final int INPUTS = 6;
    private static final int OUTPUTS = 2;
    private static final int WIDTH = 16;
    private static final int ROUNDS = 4_000;
    private static final double[] XI = {0.3, 0.8};

    @Test
    void subnetworkMeanEqualsScaledNetwork() {
        Dataset data = TestProblems.dataset(SEED, SAMPLES, INPUTS, OUTPUTS);
        RandomStreams streams = new RandomStreams(SEED);
        Network network = Network.initialize(WIDTH, INPUTS, OUTPUTS, 1.0, streams);
        double[][] x = NaiveNetwork.rows(data.x());
        double[][] w = NaiveNetwork.rows(network.weights());
        double[][] a = NaiveNetwork.rows(network.signs());
        double[][] full = NaiveNetwork.outputs(w, a, x, WIDTH, 1.0, OUTPUTS);
        BernoulliMaskSampler sampler = new BernoulliMaskSampler(WIDTH, XI, streams);

        double[][][] sum = new double[XI.length][SAMPLES][OUTPUTS];
        double[][][] sumOfSquares = new double[XI.length][SAMPLES][OUTPUTS];
        for (int round = 0; round < ROUNDS; round++) {
            RoundMasks masks = sampler.sample(round);
            for (int l = 0; l < XI.length; l++) {
                int[] active = masks.active()[l];
                double[][] output = NaiveNetwork.outputs(NaiveNetwork.selectRows(w, active),
                        NaiveNetwork.selectRows(a, active), x, WIDTH, 1.0, OUTPUTS);
                for (int i = 0; i < SAMPLES; i++) {
                    for (int j = 0; j < OUTPUTS; j++) {
                        sum[l][i][j] += output[i][j];
                        sumOfSquares[l][i][j] += output[i][j] * output[i][j];
                    }
                }
            }
        }

        for (int l = 0; l < XI.length; l++) {
            for (int i = 0; i < SAMPLES; i++) {
                for (int j = 0; j < OUTPUTS; j++) {
                    double mean = sum[l][i][j] / ROUNDS;
                    double variance = sumOfSquares[l][i][j] / ROUNDS - mean * mean;
                    double standardError = Math.sqrt(Math.max(variance, 0.0) / (ROUNDS - 1));
                    assertEquals(XI[l] * full[i][j], mean, 4 * standardError + 1e-12,
                            "mean of mask " + l + " at output (" + i + ", " + j
                                    + ") over " + ROUNDS + " rounds, seed " + SEED);
                }
            }
        }
    }
}
