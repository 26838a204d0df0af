package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.masktrain.training.NaiveNetwork.outputs;
import static org.masktrain.training.NaiveNetwork.rows;
import static org.masktrain.training.NaiveNetwork.squaredDistance;
import static org.masktrain.training.NumericAssertions.assertRelativelyClose;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.JavaKernel;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.CategoricalMaskSampler;
import org.masktrain.masks.MaskKind;
import org.masktrain.masks.RoundMasks;
import org.masktrain.model.Network;
import org.masktrain.model.Reduction;
import org.masktrain.model.Scaling;
import org.masktrain.random.RandomStreams;

/**
 * Checks the variance decomposition of categorical rounds:
 * {@code L_{k+1} = mean_l ||Y - U_l||^2 - mean_l ||u_{k+1} - U_l||^2}, where U_l is the output
 * of sub-network l after its tau local steps and u_{k+1} the full network after aggregation.
 * The identity is exact because a categorical partition makes u_{k+1} the mean of the U_l.
 * Under paper scaling u = f / p and U_l = f_{mm^l}, and under inverted scaling u = f and
 * U_l = p f_{mm^l}.
 *
 * <p>The rounds are replayed with {@link LocalTrainer} and {@link Aggregator} from the seed's
 * W_0 and masks; the outputs U_l and u_{k+1} are computed by loops in the test.
 */
class CategoricalDecompositionTest {

    private static final long SEED = 31_415L;
    private static final int SAMPLES = 30;
    private static final int INPUTS = 8;
    private static final int OUTPUTS = 2;
    private static final int WIDTH = 24;
    private static final int SUBNETWORKS = 3;
    private static final int LOCAL_STEPS = 3;
    private static final int ROUNDS = 4;
    private static final double ETA = 0.02;

    @ParameterizedTest
    @EnumSource(Scaling.class)
    void lossEqualsMeanLocalLossMinusSpread(Scaling scaling) {
        Dataset data = TestProblems.dataset(SEED, SAMPLES, INPUTS, OUTPUTS);
        TrainingConfig config = TrainingConfig.builder()
                .width(WIDTH).masks(MaskKind.CATEGORICAL).subnets(SUBNETWORKS)
                .localSteps(LOCAL_STEPS).rounds(ROUNDS).learningRate(ETA)
                .reduction(Reduction.SUM).scaling(scaling).seed(SEED).threads(1)
                .kernel(KernelChoice.JAVA).build();
        RecordingListener listener = new RecordingListener();
        TrainingResult result = new Trainer(config).addListener(listener).train(data, null);

        double[][] x = rows(data.x());
        double[][] y = rows(data.y());
        double xi = 1.0 / SUBNETWORKS;
        double subnetworkScale = scaling.subnetworkFactor(xi);
        double fullScale = scaling.fullNetworkFactor(xi);
        RandomStreams streams = new RandomStreams(SEED);
        Network network = Network.initialize(WIDTH, INPUTS, OUTPUTS, config.kappa(), streams);
        CategoricalMaskSampler sampler = new CategoricalMaskSampler(WIDTH, SUBNETWORKS, streams);
        LocalTrainer localTrainer = new LocalTrainer(
                new TrainingProblem(data.x(), data.y(), config), new JavaKernel());
        double[][] a = rows(network.signs());

        for (int k = 0; k < ROUNDS; k++) {
            // One round of Algorithm 1, replayed outside the trainer.
            RoundMasks masks = sampler.sample(k);
            List<LocalResult> results = new ArrayList<>();
            for (int l = 0; l < SUBNETWORKS; l++) {
                int[] active = masks.active()[l];
                results.add(localTrainer.train(new SubnetworkTask(k, l, active,
                        network.weights().selectRows(active).data(),
                        network.signs().selectRows(active).data(), xi)));
            }
            Aggregator.aggregate(network.weights(), masks, results);

            // Right-hand side of the decomposition from outputs computed by loops.
            double[][] u = outputs(rows(network.weights()), a, x, WIDTH, fullScale, OUTPUTS);
            double meanLocalLoss = 0.0;
            double meanSpread = 0.0;
            for (int l = 0; l < SUBNETWORKS; l++) {
                int[] active = masks.active()[l];
                double[][] trained = rows(results.get(l).weights(), active.length, INPUTS);
                double[][] subnetworkOutput = outputs(trained,
                        NaiveNetwork.selectRows(a, active), x, WIDTH, subnetworkScale, OUTPUTS);
                double localLoss = squaredDistance(y, subnetworkOutput);
                assertRelativelyClose(localLoss,
                        listener.rounds().get(k + 1).localLosses()[l][LOCAL_STEPS], 1e-10,
                        "final local loss of round " + k + ", sub-network " + l);
                meanLocalLoss += localLoss / SUBNETWORKS;
                meanSpread += squaredDistance(u, subnetworkOutput) / SUBNETWORKS;
            }
            assertRelativelyClose(meanLocalLoss - meanSpread, result.losses()[k + 1], 1e-10,
                    "L_" + (k + 1) + " with seed " + SEED);
        }

        assertArrayEquals(network.weights().data(), result.trained().weights().data(),
                "replayed W_K against the trainer's with seed " + SEED);
        assertEquals(ROUNDS + 1, listener.rounds().size(), "round records");
    }
}
