package org.masktrain.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.masktrain.InvalidInputException;
import org.masktrain.engine.EngineSettings;
import org.masktrain.engine.Engines;
import org.masktrain.engine.LostSubnetworkPolicy;
import org.masktrain.training.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * The options of {@code train} that choose where sub-networks run: on threads in this JVM, or
 * as tasks of an Apache Spark application, and whether each sub-network trains on its shard of
 * the data only. Only {@code --shard-data}, and {@code --on-lost-subnet skip} in a round that loses
 * a sub-network, change the results.
 */
final class EngineOptions {

    static final String SPARK = "spark";
    static final String DEFAULT_SPARK_MASTER = "local[2]";

    @Option(names = "--engine", paramLabel = "NAME",
            description = "Where sub-networks train: threads (a thread pool in this JVM) or "
                    + "spark (Apache Spark tasks; needs the masktrain-spark module, which the "
                    + "masktrain script adds and masktrain-spark.jar contains) (default: "
                    + "threads).")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master for --engine spark: local[N] runs N executor threads "
                    + "in this JVM (local[*] one per core, local[N,M] with M attempts per "
                    + "task), spark://HOST:PORT a standalone cluster; YARN and Kubernetes need "
                    + "spark-submit's --master (default: the master spark-submit sets, else "
                    + DEFAULT_SPARK_MASTER + ").")
    String master;

    @Option(names = "--task-attempts", paramLabel = "N",
            description = "Times Spark runs a sub-network's task before giving it up; "
                    + "a retried task returns the same numbers (default: "
                    + EngineSettings.DEFAULT_TASK_ATTEMPTS + ").")
    Integer taskAttempts;

    @Option(names = "--on-lost-subnet", paramLabel = "MODE",
            description = "When a sub-network's task fails every attempt: retry fails the run, "
                    + "so every round equals the local engine's; skip aggregates the "
                    + "sub-networks that finished and leaves the lost one's neurons unchanged "
                    + "(counted in the lost_subnets column of metrics.csv) (default: retry).")
    LostSubnetworkPolicy onLostSubnet;

    @Option(names = "--shard-data",
            description = "Train sub-network l on the l-th of p contiguous blocks of the "
                    + "training samples instead of all of them; its local losses and steps use "
                    + "that block only. With --engine spark every block is cached on one "
                    + "executor, not the whole set on each. Changes the results, the same way "
                    + "on both engines.")
    boolean shardData;

    /**
     * Checks the values and resolves the defaults against the training configuration.
     *
     * @throws InvalidInputException when a value is invalid (the engine's module checks its
     *     own settings, such as the master URL), a Spark option is given without
     *     {@code --engine spark}, or the engine's module is not on the class path
     */
    EngineSettings toSettings(TrainingConfig config) {
        String name = engine == null ? EngineSettings.THREADS
                : engine.trim().toLowerCase(Locale.ROOT);
        if (!name.equals(EngineSettings.THREADS) && !name.equals(SPARK)) {
            throw new InvalidInputException("--engine: unknown engine '" + engine
                    + "'; accepted: threads, spark");
        }
        boolean spark = name.equals(SPARK);
        if (!spark && (master != null || taskAttempts != null || onLostSubnet != null)) {
            throw new InvalidInputException("--master, --task-attempts and --on-lost-subnet "
                    + "apply to --engine spark only; add --engine spark or remove them");
        }
        if (master != null && master.isBlank()) {
            throw new InvalidInputException("--master is empty; give local[N] or "
                    + "spark://HOST:PORT");
        }
        int attempts = taskAttempts == null ? EngineSettings.DEFAULT_TASK_ATTEMPTS
                : taskAttempts;
        if (attempts < 1) {
            throw new InvalidInputException("--task-attempts must be >= 1, got " + attempts);
        }
        LostSubnetworkPolicy policy = onLostSubnet == null ? LostSubnetworkPolicy.RETRY
                : onLostSubnet;
        Engines.requireAvailable(name);
        EngineSettings settings = new EngineSettings(name, master, config.threads(), attempts,
                policy, shardData);
        Engines.validate(settings);
        return settings;
    }

    /**
     * Writes the options that differ from the defaults under their names, so that
     * {@code --config} repeats the run on the same engine and with the same data shards.
     */
    static void writeParameters(EngineSettings settings, ObjectNode node) {
        if (settings.shardData()) {
            node.put("shard-data", true);
        }
        if (settings.engine().equals(EngineSettings.THREADS)) {
            return;
        }
        node.put("engine", settings.engine());
        if (settings.master() != null) {
            node.put("master", settings.master());
        }
        node.put("task-attempts", settings.taskAttempts());
        node.put("on-lost-subnet", settings.onLostSubnetwork().label());
    }
}
