package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.training.NaiveNetwork.outputs;
import static org.masktrain.training.NaiveNetwork.preActivation;
import static org.masktrain.training.NaiveNetwork.rows;
import static org.masktrain.training.NaiveNetwork.squaredDistance;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.JavaKernel;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.BernoulliMaskSampler;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Network;
import org.masktrain.model.Reduction;
import org.masktrain.model.Scaling;
import org.masktrain.random.RandomStreams;

/**
 * Checks the gradient of a local step against central finite differences of
 * {@code L_l / 2 = ||Y - U_l||_F^2 / 2} (divided by n under mean reduction). The gradient is
 * read off one local step: {@code g = (W_before - W_after) / eta}. The loss is piecewise
 * quadratic in each weight, so the central difference is exact up to rounding wherever no
 * pre-activation crosses zero within the step.
 */
class LocalGradientTest {

    private static final long SEED = 99_991L;
    private static final int SAMPLES = 20;
    private static final int INPUTS = 7;
    private static final int OUTPUTS = 2;
    private static final int WIDTH = 16;
    private static final double XI = 0.5;
    private static final double ETA = 0.25;
    /** The finite-difference step; every input entry is at most 1 in magnitude. */
    private static final double STEP = 1e-6;

    @ParameterizedTest
    @CsvSource({"PAPER, SUM", "PAPER, MEAN", "INVERTED, SUM", "INVERTED, MEAN"})
    void localGradientMatchesFiniteDifferences(Scaling scaling, Reduction reduction) {
        Dataset data = TestProblems.dataset(SEED, SAMPLES, INPUTS, OUTPUTS);
        TrainingConfig config = TrainingConfig.builder()
                .width(WIDTH).masks(MaskKind.BERNOULLI).xi(XI).subnets(1).localSteps(1)
                .rounds(1).learningRate(ETA).reduction(reduction).scaling(scaling).seed(SEED)
                .threads(1).kernel(KernelChoice.JAVA).build();
        RandomStreams streams = new RandomStreams(SEED);
        Network network = Network.initialize(WIDTH, INPUTS, OUTPUTS, 1.0, streams);
        int[] active = new BernoulliMaskSampler(WIDTH, new double[] {XI}, streams)
                .sample(0).active()[0];
        double[] before = network.weights().selectRows(active).data();
        SubnetworkTask task = new SubnetworkTask(0, 0, active, before.clone(),
                network.signs().selectRows(active).data(), XI);
        LocalResult result = new LocalTrainer(
                new TrainingProblem(data.x(), data.y(), config), new JavaKernel()).train(task);

        double[][] x = rows(data.x());
        double[][] y = rows(data.y());
        double[][] w = rows(before, active.length, INPUTS);
        double[][] a = rows(task.signs(), active.length, OUTPUTS);
        double scale = scaling.subnetworkFactor(XI);
        double reductionFactor = reduction == Reduction.SUM ? 1.0 : 1.0 / SAMPLES;
        double[][] differences = new double[active.length][INPUTS];
        double maxDifference = 0.0;
        for (int r = 0; r < active.length; r++) {
            for (int j = 0; j < INPUTS; j++) {
                double saved = w[r][j];
                w[r][j] = saved + STEP;
                double plus = squaredDistance(y, outputs(w, a, x, WIDTH, scale, OUTPUTS));
                w[r][j] = saved - STEP;
                double minus = squaredDistance(y, outputs(w, a, x, WIDTH, scale, OUTPUTS));
                w[r][j] = saved;
                differences[r][j] = reductionFactor * (plus - minus) / (4 * STEP);
                maxDifference = Math.max(maxDifference, Math.abs(differences[r][j]));
            }
        }

        int compared = 0;
        for (int r = 0; r < active.length; r++) {
            if (nearestPreActivation(w[r], x) <= STEP) {
                continue;
            }
            for (int j = 0; j < INPUTS; j++) {
                double g = (before[r * INPUTS + j] - result.weights()[r * INPUTS + j]) / ETA;
                assertEquals(differences[r][j], g, 1e-6 * maxDifference,
                        "gradient of active row " + r + ", column " + j + " with seed " + SEED);
                compared++;
            }
        }
        assertTrue(active.length >= 4, "seed " + SEED + " should activate several neurons");
        assertTrue(compared >= (active.length - 1) * INPUTS,
                "most rows should be away from a ReLU kink, compared " + compared);
        assertTrue(maxDifference > 1e-2, "the gradient should not vanish, max " + maxDifference);
    }

    private static double nearestPreActivation(double[] weights, double[][] x) {
        double nearest = Double.POSITIVE_INFINITY;
        for (double[] input : x) {
            nearest = Math.min(nearest, Math.abs(preActivation(weights, input)));
        }
        return nearest;
    }
}
