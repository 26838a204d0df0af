package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;

/**
 * Checks that a run depends only on its seed: equal seeds give bit-identical L_k and W_K for
 * any thread count and on repeated runs, and a different seed gives different numbers.
 */
class DeterminismTest {

    private static final long SEED = 123_456_789L;
    private static final long OTHER_SEED = SEED + 1;
    private static final int SAMPLES = 40;
    private static final int[] THREAD_COUNTS = {2, 3, 8};

    @ParameterizedTest
    @CsvSource({
        "BERNOULLI, 0, JAVA", "BERNOULLI, 0, OPENBLAS",
        "BERNOULLI, 8, JAVA", "BERNOULLI, 8, OPENBLAS",
        "CATEGORICAL, 0, JAVA", "CATEGORICAL, 7, OPENBLAS"})
    void sameSeedGivesIdenticalRuns(MaskKind masks, int batchSize, KernelChoice kernel) {
        Dataset data = TestProblems.dataset(SEED, SAMPLES, 10, 2);
        TrainingResult reference = train(data, masks, batchSize, kernel, SEED, 1);

        for (int threads : THREAD_COUNTS) {
            TrainingResult result = train(data, masks, batchSize, kernel, SEED, threads);
            assertArrayEquals(reference.losses(), result.losses(),
                    "L_k with " + threads + " threads, seed " + SEED);
            assertArrayEquals(reference.trained().weights().data(),
                    result.trained().weights().data(),
                    "W_K with " + threads + " threads, seed " + SEED);
        }

        TrainingResult repeated = train(data, masks, batchSize, kernel, SEED, 1);
        assertArrayEquals(reference.losses(), repeated.losses(),
                "L_k of a repeated run, seed " + SEED);
        assertArrayEquals(reference.trained().weights().data(),
                repeated.trained().weights().data(), "W_K of a repeated run, seed " + SEED);

        TrainingResult other = train(data, masks, batchSize, kernel, OTHER_SEED, 1);
        assertFalse(Arrays.equals(reference.losses(), other.losses()),
                "L_k should differ between seeds " + SEED + " and " + OTHER_SEED);
        assertFalse(Arrays.equals(reference.trained().weights().data(),
                other.trained().weights().data()),
                "W_K should differ between seeds " + SEED + " and " + OTHER_SEED);
    }

    private static TrainingResult train(Dataset data, MaskKind masks, int batchSize,
            KernelChoice kernel, long seed, int threads) {
        TrainingConfig.Builder builder = TrainingConfig.builder()
                .width(32).masks(masks).subnets(4).localSteps(3).rounds(4)
                .learningRate(0.02).batchSize(batchSize).reduction(Reduction.SUM)
                .seed(seed).threads(threads).kernel(kernel);
        if (masks == MaskKind.BERNOULLI) {
            builder.xi(0.3, 0.5, 0.7, 0.9);
        }
        return new Trainer(builder.build()).train(data, null);
    }
}
