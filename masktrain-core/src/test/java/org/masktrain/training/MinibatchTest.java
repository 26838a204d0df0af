package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.training.NumericAssertions.assertArrayClose;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.JavaKernel;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Network;
import org.masktrain.model.Reduction;
import org.masktrain.random.RandomStreams;

/** Checks minibatch local steps against full-batch ones and on an easy problem. */
class MinibatchTest {

    private static final long SEED = 5_555L;
    private static final int SAMPLES = 30;

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void fullSizeBatchEqualsFullBatch(Reduction reduction) {
        Dataset data = TestProblems.dataset(SEED, SAMPLES, 8, 2);
        double eta = reduction == Reduction.SUM ? 0.03 : 0.03 * SAMPLES;

        TrainingResult full = train(data, reduction, eta, 0, 3, 5);
        TrainingResult batched = train(data, reduction, eta, SAMPLES, 3, 5);

        // Only the order in which the samples are summed differs.
        assertArrayClose(full.losses(), batched.losses(), 1e-10, "L_k with seed " + SEED);
        assertArrayClose(full.trained().weights().data(), batched.trained().weights().data(),
                1e-10, "W_K with seed " + SEED);
    }

    @Test
    void smallBatchesLowerTheLoss() {
        Dataset data = TestProblems.dataset(SEED, SAMPLES, 8, 1);

        TrainingResult full = train(data, Reduction.MEAN, 0.5 * SAMPLES, 0, 5, 20);
        TrainingResult batched = train(data, Reduction.MEAN, 0.5 * SAMPLES, 5, 5, 20);

        assertTrue(batched.finalLoss() < 0.5 * batched.initialLoss(),
                "minibatch SGD should halve the loss, L_0 = " + batched.initialLoss()
                        + ", L_K = " + batched.finalLoss() + ", seed " + SEED);
        assertFalse(Arrays.equals(full.losses(), batched.losses()),
                "batches of 5 should change the trajectory, seed " + SEED);
    }

    /**
     * Checks that a minibatch step is an unbiased estimate of the full-batch step. Averaged
     * over the batches of many rounds, {@code (W_before - W_after) / eta} approaches the full
     * gradient, divided by n under mean reduction. Every entry must lie within 4 standard
     * errors.
     */
    @ParameterizedTest
    @EnumSource(Reduction.class)
    void minibatchStepIsUnbiased(Reduction reduction) {
        int width = 12;
        int inputs = 5;
        int batch = 4;
        int rounds = 3_000;
        double eta = 0.1;
        Dataset data = TestProblems.dataset(SEED, 20, inputs, 1);
        TrainingConfig config = TrainingConfig.builder()
                .width(width).masks(MaskKind.BERNOULLI).xi(1.0).subnets(1).localSteps(1)
                .rounds(1).learningRate(eta).batchSize(batch).reduction(reduction)
                .seed(SEED).threads(1).kernel(KernelChoice.JAVA).build();
        Network network = Network.initialize(width, inputs, 1, 1.0, new RandomStreams(SEED));
        int[] all = new int[width];
        Arrays.setAll(all, r -> r);
        double[] before = network.weights().data();
        LocalTrainer trainer = new LocalTrainer(
                new TrainingProblem(data.x(), data.y(), config), new JavaKernel());

        double[] sum = new double[before.length];
        double[] sumOfSquares = new double[before.length];
        for (int round = 0; round < rounds; round++) {
            LocalResult result = trainer.train(new SubnetworkTask(round, 0, all, before.clone(),
                    network.signs().data(), 1.0));
            for (int i = 0; i < before.length; i++) {
                double gradient = (before[i] - result.weights()[i]) / eta;
                sum[i] += gradient;
                sumOfSquares[i] += gradient * gradient;
            }
        }

        double[] full = NaiveNetwork.flatten(NaiveNetwork.gradient(
                NaiveNetwork.rows(network.weights()), NaiveNetwork.rows(network.signs()),
                NaiveNetwork.rows(data.x()), NaiveNetwork.rows(data.y()), width, 1.0));
        double reductionFactor = reduction == Reduction.SUM ? 1.0 : 1.0 / data.n();
        for (int i = 0; i < before.length; i++) {
            double mean = sum[i] / rounds;
            double variance = Math.max(sumOfSquares[i] / rounds - mean * mean, 0.0);
            double standardError = Math.sqrt(variance / (rounds - 1));
            assertEquals(reductionFactor * full[i], mean, 4 * standardError + 1e-12,
                    "mean minibatch gradient, entry " + i + ", over " + rounds
                            + " rounds with seed " + SEED);
        }
    }

    private static TrainingResult train(Dataset data, Reduction reduction, double eta,
            int batchSize, int localSteps, int rounds) {
        TrainingConfig config = TrainingConfig.builder()
                .width(40).masks(MaskKind.BERNOULLI).xi(0.7).subnets(2)
                .localSteps(localSteps).rounds(rounds).learningRate(eta).batchSize(batchSize)
                .reduction(reduction).seed(SEED).threads(1).kernel(KernelChoice.JAVA).build();
        return new Trainer(config).train(data, null);
    }
}
