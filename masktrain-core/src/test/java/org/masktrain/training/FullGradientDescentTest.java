package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.training.NaiveNetwork.flatten;
import static org.masktrain.training.NaiveNetwork.gradient;
import static org.masktrain.training.NaiveNetwork.outputs;
import static org.masktrain.training.NaiveNetwork.rows;
import static org.masktrain.training.NaiveNetwork.squaredDistance;
import static org.masktrain.training.NaiveNetwork.step;
import static org.masktrain.training.NumericAssertions.assertArrayClose;
import static org.masktrain.training.NumericAssertions.assertRelativelyClose;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;
import org.masktrain.model.Scaling;

/**
 * Checks that masked training with xi = 1, p = 1 and tau = 1 is plain gradient descent on
 * {@code ||Y - f(W, X)||_F^2 / 2} (divided by n under mean reduction), against gradient steps
 * written out as loops in the test.
 */
class FullGradientDescentTest {

    private static final long SEED = 20220611L;
    private static final int SAMPLES = 30;
    private static final int INPUTS = 8;
    private static final int OUTPUTS = 2;
    private static final int WIDTH = 24;
    private static final int ROUNDS = 6;
    /** Step size under sum reduction; mean reduction uses SAMPLES times it. */
    private static final double SUM_STEP = 0.05;

    @ParameterizedTest
    @CsvSource({"SUM, JAVA", "SUM, OPENBLAS", "MEAN, JAVA", "MEAN, OPENBLAS"})
    void fullGdMatchesNaiveGradientDescent(Reduction reduction, KernelChoice kernel) {
        Dataset data = TestProblems.dataset(SEED, SAMPLES, INPUTS, OUTPUTS);
        double eta = reduction == Reduction.SUM ? SUM_STEP : SUM_STEP * SAMPLES;
        TrainingConfig config = TrainingConfig.builder()
                .width(WIDTH).masks(MaskKind.BERNOULLI).xi(1.0).subnets(1).localSteps(1)
                .rounds(ROUNDS).learningRate(eta).reduction(reduction)
                .scaling(Scaling.PAPER).seed(SEED).threads(1).kernel(kernel).build();
        RecordingListener listener = new RecordingListener();
        TrainingResult result = new Trainer(config).addListener(listener).train(data, null);

        // Gradient descent by hand from the same W_0 and a.
        double[][] x = rows(data.x());
        double[][] y = rows(data.y());
        double[][] a = rows(listener.start().initial().signs());
        double[][] w = rows(listener.start().initial().weights());
        double stepSize = reduction == Reduction.SUM ? eta : eta / SAMPLES;
        for (int k = 0; k <= ROUNDS; k++) {
            if (k > 0) {
                w = step(w, gradient(w, a, x, y, WIDTH, 1.0), stepSize);
            }
            double expected = squaredDistance(y, outputs(w, a, x, WIDTH, 1.0, OUTPUTS));
            assertRelativelyClose(expected, result.losses()[k], 1e-12,
                    "L_" + k + " with seed " + SEED);
        }
        assertArrayClose(flatten(w), result.trained().weights().data(), 1e-12,
                "W_K with seed " + SEED);
        assertTrue(result.finalLoss() < 0.9 * result.initialLoss(),
                "gradient descent should lower the loss noticeably, L_0 = "
                        + result.initialLoss() + ", L_K = " + result.finalLoss());
    }
}
