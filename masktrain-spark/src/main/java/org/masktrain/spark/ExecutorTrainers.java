package org.masktrain.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.broadcast.Broadcast;
import org.masktrain.training.LocalTrainer;
import org.masktrain.training.TrainingConfig;

/**
 * The local trainers of an executor JVM, one per run, keyed by the application id and the id of
 * the run's broadcast problem (broadcast ids restart in every application, and local mode runs
 * applications one after another in one JVM). The first task of a run on an executor reads the
 * broadcast data and builds the trainer (and, for the Gram solver, X X^T); later tasks and
 * rounds reuse it. In local mode the executor is the driver's JVM, and the engine removes its
 * entry when it closes.
 */
final class ExecutorTrainers {

    // NOTE: on cluster executors an entry lives until the executor exits, when the application
    // that created it stops. So a long-lived application that trains many runs keeps each run's
    // data and trainer on its executors until then.
    private static final Map<String, LocalTrainer> TRAINERS = new ConcurrentHashMap<>();

    private ExecutorTrainers() {
    }

    /** Returns the trainer of the run {@code runKey}, creating it from {@code problem} once. */
    static LocalTrainer get(String runKey, Broadcast<ProblemData> problem) {
        return TRAINERS.computeIfAbsent(runKey, key -> {
            ProblemData data = problem.value();
            TrainingConfig config = data.config();
            return new LocalTrainer(data.toProblem(), config.kernel().create());
        });
    }

    /** Returns the key of a run: the application id and the broadcast id. */
    static String runKey(String applicationId, long broadcastId) {
        return applicationId + "/" + broadcastId;
    }

    /** Closes and removes the trainer of run {@code runKey} in this JVM, if there is one. */
    static void release(String runKey) {
        LocalTrainer trainer = TRAINERS.remove(runKey);
        if (trainer != null) {
            trainer.close();
        }
    }
}
