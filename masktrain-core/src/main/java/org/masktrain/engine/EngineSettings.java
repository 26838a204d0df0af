package org.masktrain.engine;

/**
 * The engine-level choices of a run. Only {@code shardData} changes the results.
 *
 * @param engine the engine name: {@code threads} (this JVM) or the name of an
 *     {@link EngineProvider}, such as {@code spark}
 * @param master the cluster to connect to, for example {@code local[2]} or
 *     {@code spark://host:7077}; null lets the engine choose its default
 * @param threads the local threads for sub-networks ({@code threads}) or for driver-side work
 *     such as evaluation (distributed engines); at least 1
 * @param taskAttempts how many times a distributed engine runs a sub-network's task before it
 *     counts as lost; at least 1
 * @param onLostSubnetwork what a distributed engine does with a lost sub-network
 * @param shardData whether sub-network l trains on data shard l alone instead of all samples
 *     (see {@link org.masktrain.training.DataShards}); unlike the other settings, this changes
 *     the training, the same way on every engine
 */
public record EngineSettings(String engine, String master, int threads, int taskAttempts,
        LostSubnetworkPolicy onLostSubnetwork, boolean shardData) {

    /** The engine that trains sub-networks on a thread pool in this JVM. */
    public static final String THREADS = "threads";
    /** Default of {@link #taskAttempts}: the first run of a task and three retries. */
    public static final int DEFAULT_TASK_ATTEMPTS = 4;

    public EngineSettings {
        if (engine == null || engine.isBlank()) {
            throw new IllegalArgumentException("engine name missing");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (taskAttempts < 1) {
            throw new IllegalArgumentException("taskAttempts must be >= 1, got "
                    + taskAttempts);
        }
        if (onLostSubnetwork == null) {
            throw new IllegalArgumentException("onLostSubnetwork missing");
        }
    }

    /** Returns the settings of the local engine with {@code threads} threads. */
    public static EngineSettings threads(int threads) {
        return new EngineSettings(THREADS, null, threads, DEFAULT_TASK_ATTEMPTS,
                LostSubnetworkPolicy.RETRY, false);
    }
}
