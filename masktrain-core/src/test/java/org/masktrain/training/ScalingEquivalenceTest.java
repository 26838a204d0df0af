package org.masktrain.training;

import static org.masktrain.training.NumericAssertions.assertArrayClose;
import static org.masktrain.training.NumericAssertions.assertRelativelyClose;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;
import org.masktrain.model.Scaling;

/**
 * Checks that inverted scaling with targets Y / xi is the paper-scaled problem with targets Y:
 * every inverted loss is the paper loss times {@code 1 / xi^2}, so inverted scaling with step
 * size {@code eta * xi^2} follows the paper-scaled trajectory with step size eta.
 */
class ScalingEquivalenceTest {

    private static final long SEED = 1_618L;
    private static final double XI = 0.6;
    private static final int SUBNETWORKS = 3;
    private static final double ETA = 0.03;

    @ParameterizedTest
    @EnumSource(MaskKind.class)
    void invertedMatchesPaperWithScaledTargets(MaskKind masks) {
        double xi = masks == MaskKind.CATEGORICAL ? 1.0 / SUBNETWORKS : XI;
        Dataset data = TestProblems.dataset(SEED, 32, 8, 2);
        Dataset scaledData = TestProblems.scaleTargets(data, 1.0 / xi);

        TrainingResult paper = train(data, masks, Scaling.PAPER, ETA);
        TrainingResult inverted = train(scaledData, masks, Scaling.INVERTED, ETA * xi * xi);

        assertArrayClose(paper.trained().weights().data(), inverted.trained().weights().data(),
                1e-10, "W_K with seed " + SEED);
        for (int k = 0; k < paper.losses().length; k++) {
            assertRelativelyClose(paper.losses()[k] / (xi * xi), inverted.losses()[k], 1e-10,
                    "inverted L_" + k + " with seed " + SEED);
        }
    }

    private static TrainingResult train(Dataset data, MaskKind masks, Scaling scaling,
            double eta) {
        TrainingConfig.Builder builder = TrainingConfig.builder()
                .width(30).masks(masks).subnets(SUBNETWORKS).localSteps(2).rounds(5)
                .learningRate(eta).reduction(Reduction.SUM).scaling(scaling).seed(SEED)
                .threads(1).kernel(KernelChoice.JAVA);
        if (masks == MaskKind.BERNOULLI) {
            builder.xi(XI);
        }
        return new Trainer(builder.build()).train(data, null);
    }
}
