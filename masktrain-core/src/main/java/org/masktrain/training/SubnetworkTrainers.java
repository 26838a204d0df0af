package org.masktrain.training;

import org.masktrain.engine.ParallelFor;
import org.masktrain.linalg.MatrixKernel;

/**
 * The local trainers of a run: one over all training samples, or, with sharded data, one per
 * {@link DataShards shard}, where sub-network l trains on shard l. Thread-safe, like
 * {@link LocalTrainer}.
 */
public final class SubnetworkTrainers implements AutoCloseable {

    private final LocalTrainer[] trainers;

    /**
     * Creates the trainers for {@code problem}: one per sub-network when {@code shardData},
     * else one over all samples.
     *
     * @throws org.masktrain.InvalidInputException when sharding leaves a shard empty
     */
    public SubnetworkTrainers(TrainingProblem problem, MatrixKernel kernel, ParallelFor parallel,
            boolean shardData) {
        if (!shardData) {
            trainers = new LocalTrainer[] {new LocalTrainer(problem, kernel, parallel)};
            return;
        }
        int shards = problem.config().subnetworks();
        DataShards.check(problem.samples(), shards);
        trainers = new LocalTrainer[shards];
        for (int l = 0; l < shards; l++) {
            trainers[l] = new LocalTrainer(DataShards.shard(problem, shards, l), kernel,
                    parallel);
        }
    }

    /** Trains {@code task} on all samples, or on the shard of its sub-network. */
    public LocalResult train(SubnetworkTask task) {
        return trainers[trainers.length == 1 ? 0 : task.subnet()].train(task);
    }

    /** Releases what the kernel retained for every trainer. */
    @Override
    public void close() {
        for (LocalTrainer trainer : trainers) {
            trainer.close();
        }
    }
}
