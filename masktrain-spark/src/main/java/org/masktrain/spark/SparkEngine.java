package org.masktrain.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.Utils;
import org.masktrain.engine.EngineSettings;
import org.masktrain.engine.LostSubnetworkPolicy;
import org.masktrain.engine.RoundTraffic;
import org.masktrain.engine.SubnetworkEngine;
import org.masktrain.engine.ThreadPoolEngine;
import org.masktrain.linalg.MatrixKernel;
import org.masktrain.training.DataShards;
import org.masktrain.training.LocalResult;
import org.masktrain.training.SubnetworkTask;
import org.masktrain.training.TrainingProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sub-networks of a round as Apache Spark tasks, the distributed form of Independent
 * Subnetwork Training: every round sends sub-network l only its active rows of W and a, and
 * gets back only its trained rows.
 *
 * <ul>
 *   <li>{@link #prepare} broadcasts X, Y and the configuration once; each executor builds a
 *       {@link org.masktrain.training.LocalTrainer} from them on its first task of the run and
 *       keeps it for later rounds. With sharded data it instead caches one partition per
 *       sub-network on the executors, shard l in partition l. Each round's task for
 *       sub-network l is zipped with partition l, so Spark prefers the executor that caches
 *       shard l.
 *   <li>{@link #run} encodes each task with {@link TaskCodec} into its own partition, trains
 *       the partitions on the executors and decodes the results. Payload sizes are recorded
 *       beside what shipping the whole model to every sub-network would take.
 *   <li>A failed task is run again up to {@link EngineSettings#taskAttempts()} times in all.
 *       Because the task carries its rows and its random streams derive from (round,
 *       sub-network), a retry returns the same numbers. Under
 *       {@link LostSubnetworkPolicy#SKIP} every sub-network is its own Spark job, and one
 *       whose attempts all fail comes back as {@link LocalResult#lost}.
 * </ul>
 *
 * <p>Results equal {@link ThreadPoolEngine}'s, with the same data sharding, bit for bit when the
 * executors use the same kernel, for any number of executors. Driver-side work (evaluating
 * the full network) runs on a local thread pool. Not for concurrent use by two trainers.
 */
public final class SparkEngine implements SubnetworkEngine {

    private static final Logger LOG = LoggerFactory.getLogger(SparkEngine.class);

    private final JavaSparkContext context;
    private final boolean ownsContext;
    private final EngineSettings settings;
    private final ThreadPoolEngine driverThreads;
    private final FaultInjection faults;
    private final int taskAttempts;
    private ExecutorService jobThreads;
    private Broadcast<ProblemData> problem;
    private JavaRDD<ProblemData> shards;
    private String runKey;
    private int width;
    private int inputs;
    private int outputs;
    private int localSteps;
    private RoundTraffic lastTraffic;

    /**
     * Starts a Spark application for this engine, configured from the {@code spark.*} system
     * properties (as spark-submit sets them) and {@code settings}; {@link #close} stops it.
     */
    public SparkEngine(EngineSettings settings, MatrixKernel kernel) {
        this(startContext(SparkSettings.configure(newConf(settings), settings)), true,
                settings, kernel);
    }

    /**
     * Creates the configuration from the {@code spark.*} system properties. For a local master
     * it first gives Spark 127.0.0.1 as this machine's host name. Otherwise Spark's
     * configuration classes look up the first non-loopback interface when they load, and warn
     * that they use it, although a local driver binds to 127.0.0.1 only.
     */
    private static SparkConf newConf(EngineSettings settings) {
        String master = settings.master() != null ? settings.master()
                : System.getProperty("spark.master", SparkSettings.DEFAULT_MASTER);
        if (SparkSettings.isLocal(master)) {
            // NOTE: Utils is internal to Spark (checked with 4.0.1), and the host name stays
            // set for later Spark contexts in this JVM.
            Utils.setCustomHostname(SparkSettings.LOOPBACK);
        }
        return new SparkConf();
    }

    /**
     * Starts the Spark application of {@code conf}. A standalone master is first checked with
     * a plain TCP connection, because Spark itself waits about 60 s for an unreachable master
     * and then returns a stopped context.
     *
     * @throws IllegalStateException with a one-line reason when the master cannot be reached,
     *     does not accept the application or Spark fails to start
     */
    private static JavaSparkContext startContext(SparkConf conf) {
        String master = conf.get("spark.master");
        MasterConnection.requireReachable(master);
        JavaSparkContext context;
        try {
            context = new JavaSparkContext(conf);
        } catch (Exception e) {
            // Spark throws its checked SparkException here without declaring it.
            throw new IllegalStateException("could not start Spark on master " + master + ": "
                    + rootMessage(e), e);
        }
        if (context.sc().isStopped() || !isRegistered(context)) {
            context.stop();
            throw new IllegalStateException("the Spark master " + master + " did not register "
                    + "the application (Spark gives up after about 60 s); check that --master "
                    + "is the master's spark:// URL, not its web UI, and that the master runs");
        }
        return context;
    }

    /**
     * Returns whether a standalone master registered the application of {@code context};
     * true for other masters. Spark 4.0.1 returns from the context's constructor even when
     * registration failed, and stops the context on another thread, so the application ID
     * distinguishes the two cases. A standalone master assigns {@code app-<time>-<number>},
     * while an unregistered application keeps the scheduler's fallback
     * {@code spark-application-<time>}.
     */
    static boolean isRegistered(JavaSparkContext context) {
        // NOTE: relies on the ID formats of Spark 4.0.1's Master and TaskScheduler.
        return !context.master().startsWith("spark://")
                || !context.sc().applicationId().startsWith("spark-application-");
    }

    /**
     * Runs on an existing Spark application, which {@link #close} leaves running. Its
     * {@code spark.task.maxFailures} (or the F of a {@code local[N,F]} master) sets how often a
     * task is tried, regardless of {@code settings}.
     */
    public SparkEngine(JavaSparkContext context, EngineSettings settings, MatrixKernel kernel) {
        this(context, false, settings, kernel);
    }

    private SparkEngine(JavaSparkContext context, boolean ownsContext, EngineSettings settings,
            MatrixKernel kernel) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.settings = settings;
        this.driverThreads = new ThreadPoolEngine(settings.threads(), kernel);
        this.faults = FaultInjection.from(context.getConf());
        this.taskAttempts = SparkSettings.taskAttempts(context.master(), context.getConf());
        LOG.info("Spark engine on master {} (application {}), {} attempts per task, lost "
                + "sub-networks: {}", context.master(), context.sc().applicationId(),
                taskAttempts, settings.onLostSubnetwork().label());
    }

    @Override
    public String name() {
        return "spark";
    }

    /** Returns the Spark master this engine runs on. */
    public String master() {
        return context.master();
    }

    @Override
    public void prepare(TrainingProblem trainingProblem) {
        releaseProblem();
        width = trainingProblem.config().width();
        inputs = trainingProblem.inputs();
        outputs = trainingProblem.outputs();
        localSteps = trainingProblem.config().localSteps();
        long mebibytes = 8L * trainingProblem.samples() * (inputs + outputs) >> 20;
        if (settings.shardData()) {
            cacheShards(trainingProblem);
            LOG.info("cached the {} x {} inputs and {} x {} targets ({} MiB) as {} shards, run "
                    + "{}", trainingProblem.samples(), inputs, trainingProblem.samples(), outputs,
                    mebibytes, trainingProblem.config().subnetworks(), runKey);
            return;
        }
        problem = context.broadcast(new ProblemData(trainingProblem));
        runKey = ExecutorTrainers.runKey(context.sc().applicationId(), "broadcast",
                problem.id());
        LOG.info("broadcast the {} x {} inputs and {} x {} targets ({} MiB) as run {}",
                trainingProblem.samples(), inputs, trainingProblem.samples(), outputs,
                mebibytes, runKey);
    }

    /**
     * Splits the data into one shard per sub-network and caches shard l in partition l on the
     * executors now, so that the first round does not pay for it.
     */
    private void cacheShards(TrainingProblem trainingProblem) {
        int p = trainingProblem.config().subnetworks();
        DataShards.check(trainingProblem.samples(), p);
        List<ProblemData> parts = new ArrayList<>(p);
        for (int l = 0; l < p; l++) {
            parts.add(new ProblemData(DataShards.shard(trainingProblem, p, l)));
        }
        shards = context.parallelize(parts, p).persist(StorageLevel.MEMORY_ONLY());
        shards.count();
        runKey = ExecutorTrainers.runKey(context.sc().applicationId(), "shards", shards.id());
    }

    @Override
    public List<LocalResult> run(List<SubnetworkTask> tasks) {
        if (problem == null && shards == null) {
            throw new IllegalStateException("prepare() must be called before run()");
        }
        int p = tasks.size();
        int round = p == 0 ? -1 : tasks.get(0).round();

        // Encoding: one payload per sub-network, each in its own partition. Spark launches the
        // tasks of a stage in partition order, so the largest sub-networks go first and the
        // smaller ones fill the slots that free up near the end of the round. With sharded
        // data, partition l must hold sub-network l, to meet shard l.
        Integer[] order = new Integer[p];
        for (int l = 0; l < p; l++) {
            order[l] = l;
        }
        if (shards == null) {
            Arrays.sort(order, Comparator.comparingInt(l -> -tasks.get(l).activeCount()));
        }
        List<byte[]> payloads = new ArrayList<>(p);
        long sent = 0;
        for (int l : order) {
            byte[] payload = TaskCodec.encodeTask(tasks.get(l), inputs, outputs);
            payloads.add(payload);
            sent += payload.length;
        }

        // Training on the executors, then decoding into sub-network order.
        List<byte[]> encoded = settings.onLostSubnetwork() == LostSubnetworkPolicy.SKIP
                ? collectEach(p, jobs(payloads), round) : collectAll(trainAll(payloads), round);
        LocalResult[] results = new LocalResult[p];
        long received = 0;
        int failedAttempts = 0;
        List<Integer> lost = new ArrayList<>();
        for (int position = 0; position < p; position++) {
            int l = order[position];
            byte[] payload = encoded.get(position);
            if (payload == null) {
                results[l] = LocalResult.lost(round, tasks.get(l).subnet(), localSteps);
                failedAttempts += taskAttempts;
                lost.add(tasks.get(l).subnet());
                continue;
            }
            TaskCodec.DecodedResult decoded = TaskCodec.decodeResult(payload);
            int subnet = decoded.result().subnet();
            if (subnet != tasks.get(l).subnet() || decoded.result().round() != round) {
                throw new IllegalStateException("partition " + position + " returned round "
                        + decoded.result().round() + ", sub-network " + subnet
                        + "; expected round " + round + ", sub-network " + tasks.get(l).subnet());
            }
            results[l] = decoded.result();
            failedAttempts += decoded.attempt();
            received += payload.length;
        }
        if (!lost.isEmpty()) {
            LOG.warn("round {}: sub-networks {} of {} lost after {} attempts each; their "
                    + "neurons keep their weights", round, lost, p, taskAttempts);
        } else if (failedAttempts > 0) {
            LOG.warn("round {}: {} failed task attempts were retried", round, failedAttempts);
        }
        List<LocalResult> ordered = List.of(results);
        lastTraffic = traffic(tasks, ordered, sent, received, failedAttempts, lost.size());
        return ordered;
    }

    /** Runs all partitions as one job; a task that fails every attempt fails the round. */
    private static List<byte[]> collectAll(JavaRDD<byte[]> trained, int round) {
        try {
            return trained.collect();
        } catch (Exception e) {
            // Spark throws its checked SparkException here without declaring it.
            if (trained.context().isStopped()) {
                throw stopped(round, e);
            }
            throw new IllegalStateException("round " + round + ": a sub-network's Spark task "
                    + "failed on every attempt (" + rootMessage(e) + "); raise "
                    + "--task-attempts, or use --on-lost-subnet skip to train on without it",
                    e);
        }
    }

    /** Returns the data set of trained results: all payloads, one partition each. */
    private JavaRDD<byte[]> trainAll(List<byte[]> payloads) {
        JavaRDD<byte[]> tasks = context.parallelize(payloads, Math.max(1, payloads.size()));
        if (shards != null) {
            return shards.zipPartitions(tasks, new ShardFunction(runKey, faults));
        }
        return tasks.mapPartitions(new SubnetworkFunction(runKey, problem, faults));
    }

    /**
     * Returns, for each payload position, the Spark job that trains that payload alone. Each job
     * reads a data set of its own, because Spark aborts every running job that reads the data
     * set of a failed stage.
     */
    private IntFunction<Callable<List<byte[]>>> jobs(List<byte[]> payloads) {
        if (shards != null) {
            JavaRDD<byte[]> tasks = context.parallelize(payloads, payloads.size());
            ShardFunction function = new ShardFunction(runKey, faults);
            return position -> () -> shards.zipPartitions(tasks, function)
                    .collectPartitions(new int[] {position})[0];
        }
        SubnetworkFunction function = new SubnetworkFunction(runKey, problem, faults);
        return position -> () -> context.parallelize(List.of(payloads.get(position)), 1)
                .mapPartitions(function).collect();
    }

    /**
     * Runs the {@code p} jobs all at once; returns null for a position whose job failed on
     * every attempt.
     */
    private List<byte[]> collectEach(int p, IntFunction<Callable<List<byte[]>>> jobFor,
            int round) {
        if (jobThreads == null) {
            jobThreads = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "masktrain-spark-job");
                thread.setDaemon(true);
                return thread;
            });
        }
        List<Future<List<byte[]>>> jobs = new ArrayList<>(p);
        for (int position = 0; position < p; position++) {
            jobs.add(jobThreads.submit(jobFor.apply(position)));
        }
        List<byte[]> encoded = new ArrayList<>(p);
        for (int l = 0; l < p; l++) {
            try {
                List<byte[]> partition = jobs.get(l).get();
                encoded.add(partition.isEmpty() ? null : partition.get(0));
            } catch (ExecutionException e) {
                if (context.sc().isStopped()) {
                    throw stopped(round, e);
                }
                LOG.warn("a sub-network's Spark job failed on every attempt: {}",
                        rootMessage(e));
                encoded.add(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for sub-network "
                        + l, e);
            }
        }
        return encoded;
    }

    private RoundTraffic traffic(List<SubnetworkTask> tasks, List<LocalResult> results,
            long sent, long received, int failedAttempts, int lost) {
        long p = tasks.size();
        long numbersSent = 0;
        for (SubnetworkTask task : tasks) {
            numbersSent += task.weights().length + task.signs().length;
        }
        long numbersReceived = 0;
        for (LocalResult result : results) {
            numbersReceived += result.isLost() ? 0 : result.weights().length;
        }
        long wholeSent = p * TaskCodec.taskBytes(width, inputs, outputs);
        long wholeReceived = (p - lost) * TaskCodec.resultBytes(width, inputs, localSteps + 1);
        return new RoundTraffic(p, numbersSent, numbersReceived, sent, received, wholeSent,
                wholeReceived, failedAttempts, lost);
    }

    /**
     * Returns the error for a round whose Spark application stopped under it: a shutdown of
     * this JVM (Ctrl-C or SIGTERM) or a cluster that ended the application. Retries cannot
     * help then.
     */
    private static IllegalStateException stopped(int round, Throwable cause) {
        return new IllegalStateException("round " + round + ": the Spark application stopped "
                + "before the round finished (" + rootMessage(cause) + ")", cause);
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    @Override
    public boolean reportsTraffic() {
        return true;
    }

    @Override
    public RoundTraffic lastRoundTraffic() {
        return lastTraffic;
    }

    @Override
    public void forEachIndex(int count, IntConsumer work) {
        driverThreads.forEachIndex(count, work);
    }

    private void releaseProblem() {
        if (runKey == null) {
            return;
        }
        ExecutorTrainers.release(runKey);
        runKey = null;
        try {
            if (problem != null) {
                problem.destroy();
            }
            if (shards != null) {
                shards.unpersist(false);
            }
        } catch (RuntimeException e) {
            LOG.debug("could not release the data of the last run: {}", e.toString());
        }
        problem = null;
        shards = null;
    }

    @Override
    public void close() {
        try {
            releaseProblem();
            if (jobThreads != null) {
                jobThreads.shutdownNow();
            }
            driverThreads.close();
        } finally {
            if (ownsContext) {
                context.stop();
            }
        }
    }
}
