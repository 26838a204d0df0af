package org.masktrain.training;

import org.masktrain.InvalidInputException;
import org.masktrain.linalg.Matrix;

/**
 * The split of the training samples into one contiguous shard per sub-network, for training
 * with sharded data: sub-network l trains on shard l alone, rows
 * {@code floor(l n / p) .. floor((l + 1) n / p) - 1}. The split depends on n and p only, so
 * every engine trains on the same shards.
 */
public final class DataShards {

    private DataShards() {
    }

    /**
     * Checks that every shard gets at least one sample.
     *
     * @throws InvalidInputException when there are fewer samples than sub-networks
     */
    public static void check(int samples, int shards) {
        if (samples < shards) {
            throw new InvalidInputException("--shard-data needs at least one training sample "
                    + "per sub-network, but there are " + samples + " samples for --subnets "
                    + shards + "; use fewer sub-networks or more --samples");
        }
    }

    /** Returns the first row of shard {@code shard} of {@code shards} over {@code samples}. */
    public static int start(int samples, int shards, int shard) {
        return (int) ((long) samples * shard / shards);
    }

    /** Returns shard {@code shard} of {@code problem}'s samples as a problem of its own. */
    public static TrainingProblem shard(TrainingProblem problem, int shards, int shard) {
        int n = problem.samples();
        int from = start(n, shards, shard);
        int to = start(n, shards, shard + 1);
        return new TrainingProblem(rows(problem.x(), from, to), rows(problem.y(), from, to),
                problem.config());
    }

    private static Matrix rows(Matrix matrix, int from, int to) {
        int cols = matrix.cols();
        double[] data = new double[(to - from) * cols];
        System.arraycopy(matrix.data(), from * cols, data, 0, data.length);
        return new Matrix(to - from, cols, data);
    }
}
