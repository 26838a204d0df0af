package org.masktrain.training;

import static org.masktrain.training.NumericAssertions.assertArrayClose;
import static org.masktrain.training.NumericAssertions.assertRelativelyClose;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;

/** Checks that whole training runs agree between the Java and the OpenBLAS kernels. */
class KernelAgreementTest {

    private static final long SEED = 60_221L;
    private static final int SAMPLES = 50;

    @ParameterizedTest
    @CsvSource({"BERNOULLI, 0", "BERNOULLI, 10", "CATEGORICAL, 0"})
    void javaAndOpenblasRunsAgree(MaskKind masks, int batchSize) {
        Dataset data = TestProblems.dataset(SEED, SAMPLES, 20, 3);

        TrainingResult java = train(data, masks, batchSize, KernelChoice.JAVA);
        TrainingResult openblas = train(data, masks, batchSize, KernelChoice.OPENBLAS);

        for (int k = 0; k < java.losses().length; k++) {
            assertRelativelyClose(java.losses()[k], openblas.losses()[k], 1e-10,
                    "L_" + k + " with seed " + SEED);
        }
        assertArrayClose(java.trained().weights().data(), openblas.trained().weights().data(),
                1e-10, "W_K with seed " + SEED);
    }

    private static TrainingResult train(Dataset data, MaskKind masks, int batchSize,
            KernelChoice kernel) {
        TrainingConfig.Builder builder = TrainingConfig.builder()
                .width(40).masks(masks).subnets(4).localSteps(4).rounds(6)
                .learningRate(0.3 * SAMPLES).batchSize(batchSize).reduction(Reduction.MEAN)
                .seed(SEED).threads(2).kernel(kernel);
        if (masks == MaskKind.BERNOULLI) {
            builder.xi(0.5);
        }
        return new Trainer(builder.build()).train(data, null);
    }
}
