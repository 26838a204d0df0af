package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.training.NaiveNetwork.gradient;
import static org.masktrain.training.NaiveNetwork.rows;
import static org.masktrain.training.NaiveNetwork.selectRows;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.BernoulliMaskSampler;
import org.masktrain.masks.MaskKind;
import org.masktrain.masks.RoundMasks;
import org.masktrain.model.Reduction;
import org.masktrain.model.Scaling;
import org.masktrain.random.RandomStreams;

/**
 * Checks that one round with one Bernoulli sub-network and tau = 1 moves every active row w_r
 * by {@code -eta * g_r} and leaves every inactive row untouched. g_r is the local gradient of
 * "On the Convergence of Shallow Neural Network Training with Randomly Masked Neurons",
 * computed from the sub-network's own output ({@code f_mm} under paper scaling,
 * {@code f_mm / xi} under inverted scaling, which also puts 1/xi into the gradient).
 */
class SingleSubnetworkStepTest {

    private static final long SEED = 7_000_123L;
    private static final int SAMPLES = 25;
    private static final int INPUTS = 6;
    private static final int OUTPUTS = 3;
    private static final int WIDTH = 20;
    private static final double XI = 0.6;
    private static final double ETA = 0.05;

    @ParameterizedTest
    @EnumSource(Scaling.class)
    void roundMovesOnlyActiveRows(Scaling scaling) {
        Dataset data = TestProblems.dataset(SEED, SAMPLES, INPUTS, OUTPUTS);
        TrainingConfig config = TrainingConfig.builder()
                .width(WIDTH).masks(MaskKind.BERNOULLI).xi(XI).subnets(1).localSteps(1)
                .rounds(1).learningRate(ETA).reduction(Reduction.SUM).scaling(scaling)
                .seed(SEED).threads(1).kernel(KernelChoice.JAVA).build();
        RecordingListener listener = new RecordingListener();
        TrainingResult result = new Trainer(config).addListener(listener).train(data, null);

        // The trainer draws round 0's masks from the same seed.
        RoundMasks masks = new BernoulliMaskSampler(WIDTH, new double[] {XI},
                new RandomStreams(SEED)).sample(0);
        int[] active = masks.active()[0];
        assertArrayEquals(active, listener.rounds().get(1).masks().active()[0],
                "masks reported for round 0 with seed " + SEED);
        assertTrue(active.length > 0, "seed " + SEED + " should activate some neurons");
        assertTrue(active.length < WIDTH, "seed " + SEED + " should leave some neurons out");

        double[][] x = rows(data.x());
        double[][] y = rows(data.y());
        double[][] before = rows(listener.start().initial().weights());
        double[][] a = rows(listener.start().initial().signs());
        double[][] after = rows(result.trained().weights());
        double scale = scaling == Scaling.PAPER ? 1.0 : 1.0 / XI;
        double[][] g = gradient(selectRows(before, active), selectRows(a, active), x, y, WIDTH,
                scale);

        double maxStep = 0.0;
        for (double[] row : g) {
            for (double value : row) {
                maxStep = Math.max(maxStep, ETA * Math.abs(value));
            }
        }
        assertTrue(maxStep > 1e-3, "the step should be large enough to see, got " + maxStep);
        for (int k = 0; k < active.length; k++) {
            int r = active[k];
            for (int j = 0; j < INPUTS; j++) {
                double moved = after[r][j] - before[r][j];
                double tolerance = 1e-12 * maxStep + 4 * Math.ulp(before[r][j]);
                assertEquals(-ETA * g[k][j], moved, tolerance,
                        "move of active row " + r + ", column " + j + " with seed " + SEED);
            }
        }
        for (int r = 0; r < WIDTH; r++) {
            if (Arrays.binarySearch(active, r) < 0) {
                assertArrayEquals(before[r], after[r],
                        "inactive row " + r + " with seed " + SEED);
            }
        }
    }
}
