package org.masktrain.spark;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.masktrain.training.LocalTrainer;

/**
 * The executor side of a round with sharded data: partition l of the cached shards, which
 * contains data shard l, meets partition l of the round's tasks, which contains sub-network l.
 * The shard's trainer is built on the executor's first task for that shard and reused.
 */
final class ShardFunction implements FlatMapFunction2<Iterator<ProblemData>, Iterator<byte[]>,
        byte[]> {

    private static final long serialVersionUID = 1L;

    private final String runKey;
    private final FaultInjection faults;

    ShardFunction(String runKey, FaultInjection faults) {
        this.runKey = runKey;
        this.faults = faults;
    }

    @Override
    public Iterator<byte[]> call(Iterator<ProblemData> shards, Iterator<byte[]> payloads) {
        ProblemData shard = shards.next();
        String key = ExecutorTrainers.shardKey(runKey, TaskContext.getPartitionId());
        LocalTrainer trainer = ExecutorTrainers.get(key, () -> shard);
        return SubnetworkFunction.trainAll(trainer, shard.inputs(), payloads, faults);
    }
}
