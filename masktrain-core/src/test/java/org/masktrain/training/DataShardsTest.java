package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.masktrain.InvalidInputException;
import org.masktrain.data.Dataset;
import org.masktrain.engine.ThreadPoolEngine;
import org.masktrain.linalg.JavaKernel;

/** Data shards: the split of the samples, and sharded training on the local engine. */
class DataShardsTest {

    @Test
    void shardsCoverSamplesInOrder() {
        // 10 samples in 4 shards: floor(l * 10 / 4) = 0, 2, 5, 7, then 10.
        assertEquals(0, DataShards.start(10, 4, 0), "start of shard 0");
        assertEquals(2, DataShards.start(10, 4, 1), "start of shard 1");
        assertEquals(5, DataShards.start(10, 4, 2), "start of shard 2");
        assertEquals(7, DataShards.start(10, 4, 3), "start of shard 3");
        assertEquals(10, DataShards.start(10, 4, 4), "end of the last shard");
    }

    @Test
    void shardCopiesItsRows() {
        Dataset data = TestProblems.dataset(3, 10, 3, 2);
        TrainingConfig config = TrainingConfig.builder().width(4).subnets(4).xi(0.5).build();
        TrainingProblem problem = new TrainingProblem(data.x(), data.y(), config);

        TrainingProblem shard = DataShards.shard(problem, 4, 2);

        assertEquals(2, shard.samples(), "rows of shard 2");
        assertArrayEquals(java.util.Arrays.copyOfRange(data.x().data(), 15, 21),
                shard.x().data(), 0.0, "inputs of rows 5 and 6");
        assertArrayEquals(java.util.Arrays.copyOfRange(data.y().data(), 10, 14),
                shard.y().data(), 0.0, "targets of rows 5 and 6");
    }

    @Test
    void fewerSamplesThanShardsIsRejected() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> DataShards.check(3, 4));

        assertTrue(error.getMessage().contains("--shard-data"), error.getMessage());
        assertTrue(error.getMessage().contains("--subnets 4"), error.getMessage());
    }

    @Test
    void shardedTrainingIndependentOfThreads() {
        Dataset data = TestProblems.dataset(5, 40, 6, 2);
        TrainingConfig config = TrainingConfig.builder().width(12).subnets(4).xi(0.5)
                .localSteps(2).rounds(3).learningRate(10).build();

        TrainingResult one = new Trainer(config,
                kernel -> new ThreadPoolEngine(1, new JavaKernel(), true)).train(data, null);
        TrainingResult three = new Trainer(config,
                kernel -> new ThreadPoolEngine(3, new JavaKernel(), true)).train(data, null);
        TrainingResult unsharded = new Trainer(config,
                kernel -> new ThreadPoolEngine(1, new JavaKernel(), false)).train(data, null);

        assertArrayEquals(one.losses(), three.losses(), 0.0, "L_k with 1 and 3 threads");
        assertTrue(one.finalLoss() != unsharded.finalLoss(), "sharding changed nothing");
    }
}
