package org.masktrain.training;

import static org.masktrain.training.NumericAssertions.assertArrayClose;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;

/**
 * Checks that mean reduction with step size {@code eta * n} runs the same trajectory as sum
 * reduction with step size eta, because the mean gradient is the sum gradient divided by n.
 */
class ReductionEquivalenceTest {

    private static final long SEED = 2_718L;
    private static final int SAMPLES = 36;
    private static final double SUM_STEP = 0.03;

    @ParameterizedTest
    @EnumSource(MaskKind.class)
    void meanWithScaledStepEqualsSum(MaskKind masks) {
        Dataset data = TestProblems.dataset(SEED, SAMPLES, 9, 2);

        TrainingResult sum = train(data, masks, Reduction.SUM, SUM_STEP);
        TrainingResult mean = train(data, masks, Reduction.MEAN, SUM_STEP * SAMPLES);

        assertArrayClose(sum.losses(), mean.losses(), 1e-10, "L_k with seed " + SEED);
        assertArrayClose(sum.trained().weights().data(), mean.trained().weights().data(),
                1e-10, "W_K with seed " + SEED);
    }

    private static TrainingResult train(Dataset data, MaskKind masks, Reduction reduction,
            double eta) {
        TrainingConfig.Builder builder = TrainingConfig.builder()
                .width(30).masks(masks).subnets(3).localSteps(3).rounds(5)
                .learningRate(eta).reduction(reduction).seed(SEED).threads(1)
                .kernel(KernelChoice.JAVA);
        if (masks == MaskKind.BERNOULLI) {
            builder.xi(0.6);
        }
        return new Trainer(builder.build()).train(data, null);
    }
}
