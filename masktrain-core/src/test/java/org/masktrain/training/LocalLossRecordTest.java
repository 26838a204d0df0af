package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.masktrain.training.NaiveNetwork.flatten;
import static org.masktrain.training.NaiveNetwork.gradient;
import static org.masktrain.training.NaiveNetwork.outputs;
import static org.masktrain.training.NaiveNetwork.rows;
import static org.masktrain.training.NaiveNetwork.selectRows;
import static org.masktrain.training.NaiveNetwork.squaredDistance;
import static org.masktrain.training.NaiveNetwork.step;
import static org.masktrain.training.NumericAssertions.assertArrayClose;
import static org.masktrain.training.NumericAssertions.assertRelativelyClose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.JavaKernel;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.BernoulliMaskSampler;
import org.masktrain.masks.MaskKind;
import org.masktrain.masks.RoundMasks;
import org.masktrain.model.Network;
import org.masktrain.model.Reduction;
import org.masktrain.model.Scaling;
import org.masktrain.random.RandomStreams;

/**
 * Checks the local loss record {@code ||Y - U_l||_F^2}: entry 0 at the sampled mask before any
 * step, entry t after t local steps, tau + 1 entries in all.
 */
class LocalLossRecordTest {

    private static final long SEED = 4_242L;
    private static final int SAMPLES = 24;
    private static final int INPUTS = 6;
    private static final int OUTPUTS = 2;
    private static final int WIDTH = 20;
    private static final double XI = 0.7;
    private static final double SUM_STEP = 0.04;

    @ParameterizedTest
    @CsvSource({"PAPER, SUM", "INVERTED, MEAN"})
    void lossesFollowNaiveLocalSteps(Scaling scaling, Reduction reduction) {
        int tau = 4;
        Dataset data = TestProblems.dataset(SEED, SAMPLES, INPUTS, OUTPUTS);
        double eta = reduction == Reduction.SUM ? SUM_STEP : SUM_STEP * SAMPLES;
        TrainingConfig config = config(tau, 1).learningRate(eta).reduction(reduction)
                .scaling(scaling).build();
        RandomStreams streams = new RandomStreams(SEED);
        Network network = Network.initialize(WIDTH, INPUTS, OUTPUTS, 1.0, streams);
        int[] active = new BernoulliMaskSampler(WIDTH, new double[] {XI}, streams)
                .sample(0).active()[0];
        SubnetworkTask task = new SubnetworkTask(0, 0, active,
                network.weights().selectRows(active).data(),
                network.signs().selectRows(active).data(), XI);
        LocalResult result = new LocalTrainer(
                new TrainingProblem(data.x(), data.y(), config), new JavaKernel()).train(task);

        assertEquals(tau + 1, result.losses().length, "length of the loss record");
        double[][] x = rows(data.x());
        double[][] y = rows(data.y());
        double[][] w = rows(task.weights(), active.length, INPUTS);
        double[][] a = rows(task.signs(), active.length, OUTPUTS);
        double scale = scaling.subnetworkFactor(XI);
        double stepSize = reduction == Reduction.SUM ? eta : eta / SAMPLES;
        for (int t = 0; t <= tau; t++) {
            if (t > 0) {
                w = step(w, gradient(w, a, x, y, WIDTH, scale), stepSize);
            }
            double expected = squaredDistance(y, outputs(w, a, x, WIDTH, scale, OUTPUTS));
            assertRelativelyClose(expected, result.losses()[t], 1e-10,
                    "local loss after " + t + " steps with seed " + SEED);
        }
        assertArrayClose(flatten(w), result.weights(), 1e-10,
                "trained rows after " + tau + " steps with seed " + SEED);
    }

    @Test
    void trainerReportsLossAtSampledMasks() {
        int tau = 2;
        int subnetworks = 3;
        Dataset data = TestProblems.dataset(SEED, SAMPLES, INPUTS, OUTPUTS);
        TrainingConfig config = config(tau, subnetworks).learningRate(SUM_STEP)
                .reduction(Reduction.SUM).scaling(Scaling.PAPER).rounds(2).build();
        RecordingListener listener = new RecordingListener();
        new Trainer(config).addListener(listener).train(data, null);

        assertNull(listener.rounds().get(0).masks(), "masks of round record 0");
        assertNull(listener.rounds().get(0).localLosses(), "local losses of round record 0");
        RoundRecord first = listener.rounds().get(1);
        RoundMasks expectedMasks = new BernoulliMaskSampler(WIDTH,
                new double[] {XI, XI, XI}, new RandomStreams(SEED)).sample(0);
        double[][] x = rows(data.x());
        double[][] y = rows(data.y());
        double[][] w0 = rows(listener.start().initial().weights());
        double[][] a = rows(listener.start().initial().signs());
        assertEquals(subnetworks, first.localLosses().length, "sub-networks with losses");
        for (int l = 0; l < subnetworks; l++) {
            int[] active = expectedMasks.active()[l];
            double expected = squaredDistance(y, outputs(selectRows(w0, active),
                    selectRows(a, active), x, WIDTH, 1.0, OUTPUTS));
            assertEquals(tau + 1, first.localLosses()[l].length,
                    "loss record length of sub-network " + l);
            assertRelativelyClose(expected, first.localLosses()[l][0], 1e-12,
                    "loss at sampling of sub-network " + l + " with seed " + SEED);
        }
    }

    @Test
    void emptySubnetworkRecordsTargetNorm() {
        int tau = 3;
        Dataset data = TestProblems.dataset(SEED, SAMPLES, INPUTS, OUTPUTS);
        TrainingConfig config = config(tau, 1).learningRate(SUM_STEP).build();
        SubnetworkTask task = new SubnetworkTask(0, 0, new int[0], new double[0], new double[0],
                XI);
        LocalResult result = new LocalTrainer(
                new TrainingProblem(data.x(), data.y(), config), new JavaKernel()).train(task);

        double targetNorm = squaredDistance(rows(data.y()), new double[SAMPLES][OUTPUTS]);
        assertEquals(tau + 1, result.losses().length, "length of the loss record");
        for (int t = 0; t <= tau; t++) {
            assertRelativelyClose(targetNorm, result.losses()[t], 1e-14,
                    "loss of the empty sub-network at step " + t);
        }
        assertEquals(0, result.weights().length, "rows of the empty sub-network");
    }

    private static TrainingConfig.Builder config(int tau, int subnetworks) {
        return TrainingConfig.builder().width(WIDTH).masks(MaskKind.BERNOULLI).xi(XI)
                .subnets(subnetworks).localSteps(tau).rounds(1).seed(SEED).threads(1)
                .kernel(KernelChoice.JAVA);
    }
}
