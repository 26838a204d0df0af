package org.masktrain.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.masktrain.training.LocalResult;
import org.masktrain.training.LocalTrainer;
import org.masktrain.training.SubnetworkTask;

/**
 * The executor side of a round: decodes each task payload of a partition, trains it with the
 * executor's cached {@link LocalTrainer} and returns the encoded result. A partition contains one
 * sub-network, so a retried Spark task retrains exactly one sub-network, from the same payload
 * and the same random streams, and returns the same numbers.
 */
final class SubnetworkFunction implements FlatMapFunction<Iterator<byte[]>, byte[]> {

    private static final long serialVersionUID = 1L;

    private final String runKey;
    private final Broadcast<ProblemData> problem;
    private final FaultInjection faults;

    SubnetworkFunction(String runKey, Broadcast<ProblemData> problem, FaultInjection faults) {
        this.runKey = runKey;
        this.problem = problem;
        this.faults = faults;
    }

    @Override
    public Iterator<byte[]> call(Iterator<byte[]> payloads) {
        LocalTrainer trainer = ExecutorTrainers.get(runKey, problem::value);
        return trainAll(trainer, problem.value().inputs(), payloads, faults);
    }

    /**
     * Decodes, trains and encodes every payload with {@code trainer}, after applying the
     * injected failures of this task attempt.
     */
    static Iterator<byte[]> trainAll(LocalTrainer trainer, int inputs, Iterator<byte[]> payloads,
            FaultInjection faults) {
        TaskContext context = TaskContext.get();
        int attempt = context == null ? 0 : context.attemptNumber();
        List<byte[]> results = new ArrayList<>(1);
        while (payloads.hasNext()) {
            SubnetworkTask task = TaskCodec.decodeTask(payloads.next());
            faults.apply(task.round(), task.subnet(), attempt);
            LocalResult result = trainer.train(task);
            results.add(TaskCodec.encodeResult(result, attempt, task.activeCount(), inputs));
        }
        return results.iterator();
    }
}
