package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.masktrain.InvalidInputException;

/** The heap estimate that rejects a run before it starts. */
class MemoryEstimateTest {

    private static TrainingConfig config(LocalSolver solver) {
        return TrainingConfig.builder().width(500).subnets(4).localSteps(2).rounds(10)
                .learningRate(1.0).threads(2).localSolver(solver).build();
    }

    @Test
    void estimateCountsWeightsAndBuffers() {
        long bytes = MemoryEstimate.trainingBytes(config(LocalSolver.DIRECT), 1000, 784, 10, 0);

        // Six copies of W (500 x 784) are 18.8 MB; two sub-networks at once add their n x h
        // buffers (2 x 2 x 4 MB) and up to 18 h x d gradient partials each (2 x 28 MB).
        long weights = 6L * 500 * 784 * Double.BYTES;
        long buffers = 2L * 2 * 1000 * 250 * Double.BYTES;
        long partials = 2L * 18 * 250 * 784 * Double.BYTES;
        assertTrue(bytes >= weights + buffers + partials, "estimate " + bytes);
        assertTrue(bytes < 2 * (weights + buffers + partials), "estimate " + bytes);
    }

    @Test
    void gramSolverAddsSquareOfSamples() {
        long direct = MemoryEstimate.trainingBytes(config(LocalSolver.DIRECT), 20_000, 784, 10,
                0);
        long gram = MemoryEstimate.trainingBytes(config(LocalSolver.GRAM), 20_000, 784, 10, 0);

        assertTrue(gram - direct >= 20_000L * 20_000 * Double.BYTES,
                "gram " + gram + ", direct " + direct);
    }

    @Test
    void subnetworksAddTheirWeightCopies() {
        TrainingConfig many = TrainingConfig.builder().width(500).subnets(100_000)
                .localSteps(2).rounds(10).learningRate(1.0).threads(2)
                .localSolver(LocalSolver.DIRECT).build();

        long bytes = MemoryEstimate.trainingBytes(many, 100, 784, 10, 0);

        // Each of the p sub-networks keeps its masked weights and its result: 2 x 250 x 784.
        assertTrue(bytes >= 100_000L * 2 * 250 * 784 * Double.BYTES, "estimate " + bytes);
    }

    @Test
    void hugeWidthSaturates() {
        TrainingConfig huge = config(LocalSolver.DIRECT).toBuilder()
                .width(Integer.MAX_VALUE).build();

        long bytes = MemoryEstimate.trainingBytes(huge, Integer.MAX_VALUE, 1 << 20, 10, 0);

        assertEquals(Long.MAX_VALUE, bytes);
    }

    @Test
    void runAboveHeapIsRejectedWithNumbers() {
        MemoryEstimate estimate = new MemoryEstimate(3L << 30, 200L << 20, 1L << 30);

        InvalidInputException error = assertThrows(InvalidInputException.class,
                estimate::requireFits);

        assertEquals("the run needs about 3.2 GiB of heap (3.0 GiB for training on top of "
                + "200.0 MiB in use) but the maximum is 1.0 GiB; lower --samples, --width or "
                + "--threads, use --local-solver direct, or raise the limit with "
                + "MASKTRAIN_JAVA_OPTS=-Xmx<size>", error.getMessage());
    }

    @Test
    void runWithinHeapIsAccepted() {
        assertDoesNotThrow(new MemoryEstimate(500L << 20, 200L << 20, 1L << 30)::requireFits);
    }
}
