package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.masktrain.training.NaiveNetwork.flatten;
import static org.masktrain.training.NaiveNetwork.gradient;
import static org.masktrain.training.NaiveNetwork.outputs;
import static org.masktrain.training.NaiveNetwork.rows;
import static org.masktrain.training.NaiveNetwork.squaredDistance;
import static org.masktrain.training.NaiveNetwork.step;
import static org.masktrain.training.NumericAssertions.assertArrayClose;
import static org.masktrain.training.NumericAssertions.assertRelativelyClose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;

/**
 * Checks local steps on more samples and inputs than one block holds: the blocked products and
 * sums give gradient descent to rounding, and the same bits for any number of threads.
 */
class IndexBlocksTest {

    private static final long SEED = 31_415L;
    /** Three blocks of 256, 256 and 188 samples. */
    private static final int SAMPLES = 700;
    /** Input columns in three blocks of 256, 256 and 88 for the weight update. */
    private static final int INPUTS = 600;

    @Test
    void blocksCoverEverySampleOnce() {
        IndexBlocks blocks = new IndexBlocks(SAMPLES);

        assertEquals(3, blocks.count());
        assertEquals(0, blocks.start(0));
        assertEquals(256, blocks.start(1));
        assertEquals(512, blocks.start(2));
        assertEquals(188, blocks.size(2));
    }

    @Test
    void blocksStayFewForManySamples() {
        IndexBlocks blocks = new IndexBlocks(100_000);

        assertEquals(16, blocks.count());
        assertEquals(100_000, blocks.start(15) + blocks.size(15));
    }

    @Test
    void inputColumnsSplitLikeSamples() {
        IndexBlocks columns = new IndexBlocks(INPUTS);

        assertEquals(3, columns.count());
        assertEquals(88, columns.size(2));
    }

    @ParameterizedTest
    @CsvSource({"DIRECT, 12", "GRAM, 12", "DIRECT, " + INPUTS, "GRAM, " + INPUTS})
    void blockedFullGdMatchesNaiveDescent(LocalSolver solver, int inputs) {
        Dataset data = TestProblems.dataset(SEED, SAMPLES, inputs, 2);
        int width = 10;
        int rounds = 3;
        double eta = 0.02;
        TrainingConfig config = TrainingConfig.builder().preset(Preset.FULL_GD).width(width)
                .rounds(rounds).learningRate(eta).reduction(Reduction.SUM).seed(SEED)
                .threads(2).localSolver(solver).build();
        RecordingListener listener = new RecordingListener();

        TrainingResult result = new Trainer(config).addListener(listener).train(data, null);

        double[][] x = rows(data.x());
        double[][] y = rows(data.y());
        double[][] a = rows(listener.start().initial().signs());
        double[][] w = rows(listener.start().initial().weights());
        for (int k = 0; k <= rounds; k++) {
            if (k > 0) {
                w = step(w, gradient(w, a, x, y, width, 1.0), eta);
            }
            double expected = squaredDistance(y, outputs(w, a, x, width, 1.0, 2));
            assertRelativelyClose(expected, result.losses()[k], 1e-10,
                    "L_" + k + " with seed " + SEED);
        }
        assertArrayClose(flatten(w), result.trained().weights().data(), 1e-10,
                "W_K with seed " + SEED);
    }

    @ParameterizedTest
    @CsvSource({
        "BERNOULLI, 1, DIRECT, 16", "BERNOULLI, 3, DIRECT, 16", "CATEGORICAL, 3, GRAM, 16",
        "BERNOULLI, 1, GRAM, 16", "BERNOULLI, 1, DIRECT, " + INPUTS,
        "CATEGORICAL, 3, GRAM, " + INPUTS
    })
    void blockedRunsIgnoreThreadCount(MaskKind masks, int subnets, LocalSolver solver,
            int inputs) {
        Dataset data = TestProblems.dataset(SEED, SAMPLES, inputs, 3);

        TrainingResult one = train(data, masks, subnets, solver, 1);
        TrainingResult two = train(data, masks, subnets, solver, 2);
        TrainingResult five = train(data, masks, subnets, solver, 5);

        assertArrayEquals(one.losses(), two.losses(), "L_k, 1 against 2 threads");
        assertArrayEquals(one.losses(), five.losses(), "L_k, 1 against 5 threads");
        assertArrayEquals(one.trained().weights().data(), five.trained().weights().data(),
                "W_K, 1 against 5 threads");
    }

    private static TrainingResult train(Dataset data, MaskKind masks, int subnets,
            LocalSolver solver, int threads) {
        TrainingConfig.Builder builder = TrainingConfig.builder().width(24).masks(masks)
                .subnets(subnets).localSteps(3).rounds(3).learningRate(0.3 * data.n())
                .reduction(Reduction.MEAN).seed(SEED).threads(threads)
                .kernel(KernelChoice.OPENBLAS).localSolver(solver);
        if (masks == MaskKind.BERNOULLI) {
            builder.xi(0.5);
        }
        return new Trainer(builder.build()).train(data, null);
    }
}
