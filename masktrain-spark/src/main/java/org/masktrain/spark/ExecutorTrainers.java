package org.masktrain.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.masktrain.training.LocalTrainer;
import org.masktrain.training.TrainingConfig;

/**
 * The local trainers of an executor JVM, one per run (or one per data shard of a run). They are
 * keyed by the application id, the id of the run's broadcast or cached data set, and the shard,
 * because ids restart in every application and local mode runs applications one after another
 * in one JVM. The first task of a run (or shard) on an executor reads the data and builds the
 * trainer (and, for the Gram solver, X X^T); later tasks and rounds reuse it. In local mode the
 * executor is the driver's JVM, and the engine removes its entries when it closes.
 */
final class ExecutorTrainers {

    // NOTE: on cluster executors an entry lives until the executor exits, when the application
    // that created it stops. So a long-lived application that trains many runs keeps each run's
    // data and trainer on its executors until then.
    private static final Map<String, LocalTrainer> TRAINERS = new ConcurrentHashMap<>();

    private ExecutorTrainers() {
    }

    /** Returns the trainer stored under {@code key}, creating it from {@code problem} once. */
    static LocalTrainer get(String key, Supplier<ProblemData> problem) {
        return TRAINERS.computeIfAbsent(key, unused -> {
            ProblemData data = problem.get();
            TrainingConfig config = data.config();
            return new LocalTrainer(data.toProblem(), config.kernel().create());
        });
    }

    /**
     * Returns the key of a run: the application id and the id of its broadcast or cached data
     * set, which {@code kind} names.
     */
    static String runKey(String applicationId, String kind, long id) {
        return applicationId + "/" + kind + "-" + id;
    }

    /** Returns the key of shard {@code shard} of run {@code runKey}. */
    static String shardKey(String runKey, int shard) {
        return runKey + "/" + shard;
    }

    /** Closes and removes the trainers of run {@code runKey} and its shards in this JVM. */
    static void release(String runKey) {
        TRAINERS.entrySet().removeIf(entry -> {
            boolean ofRun = entry.getKey().equals(runKey)
                    || entry.getKey().startsWith(runKey + "/");
            if (ofRun) {
                entry.getValue().close();
            }
            return ofRun;
        });
    }
}
