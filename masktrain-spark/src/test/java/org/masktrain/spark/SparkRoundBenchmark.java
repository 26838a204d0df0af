package org.masktrain.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.masktrain.data.DataLoader;
import org.masktrain.data.DataRequest;
import org.masktrain.data.Dataset;
import org.masktrain.data.PreprocessOptions;
import org.masktrain.data.Preprocessor;
import org.masktrain.engine.LostSubnetworkPolicy;
import org.masktrain.engine.RoundTraffic;
import org.masktrain.masks.MaskKind;
import org.masktrain.random.RandomStreams;
import org.masktrain.training.TrainingConfig;

/**
 * Time per round of the Spark engine (local[2], then a two-worker standalone cluster) against
 * the local engine with 2 threads, on the figure-2a configuration of "On the Convergence of
 * Shallow Neural Network Training with Randomly Masked Neurons": 1,000 embedded Fashion-MNIST
 * images (800 trained on), d = 784, c = 10, m = 500, p = 10, xi = 0.5, tau = 10, K = 10. The
 * engines alternate within each repetition, so a load change on a shared machine hits both.
 * Run with {@code mvn -pl masktrain-spark -am verify -Dtest=SparkRoundBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dmasktrain.bench=true}; prints a table and writes
 * {@code target/spark-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "masktrain.bench", matches = "true")
class SparkRoundBenchmark {

    private static final int REPETITIONS = Integer.getInteger("masktrain.bench.repetitions", 3);

    @Test
    void compareEngines() throws Exception {
        Dataset data = Preprocessor.prepare(
                DataLoader.load(DataRequest.builder().maxSamples(1000).build()),
                PreprocessOptions.defaults(), new RandomStreams(0)).train();
        TrainingConfig bernoulli = TrainingConfig.builder().width(500).xi(0.5).subnets(10)
                .localSteps(10).rounds(10).learningRate(50).threads(2).build();
        TrainingConfig categorical = TrainingConfig.builder().width(500)
                .masks(MaskKind.CATEGORICAL).subnets(10).localSteps(10).rounds(10)
                .learningRate(50).threads(2).build();
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "n = %d, d = %d, c = %d; %s%n", data.n(),
                data.d(), data.c(), bernoulli));

        try (JavaSparkContext context = SparkTestRuns.localContext("local[2]")) {
            compare("local[2]", bernoulli, data, context, report);
            traffic("local[2], categorical", categorical, data, context, report);
        }
        try (StandaloneCluster cluster = StandaloneCluster.start(2);
                JavaSparkContext context = clusterContext(cluster)) {
            compare("cluster 2 x 1 core", bernoulli, data, context, report);
        }
        System.out.print(report);
        Files.writeString(Path.of("target", "spark-benchmark.txt"), report);
    }

    private static void compare(String label, TrainingConfig config, Dataset data,
            JavaSparkContext context, StringBuilder report) {
        // Warm-up of both engines: JIT, native libraries, executors and their trainers.
        TrainingConfig warmUp = config.toBuilder().rounds(2).build();
        SparkTestRuns.trainOnThreads(warmUp, data);
        SparkTestRuns.trainOnSpark(warmUp, data, context, LostSubnetworkPolicy.RETRY);

        double[] local = new double[REPETITIONS];
        double[] spark = new double[REPETITIONS];
        double[] localSteady = new double[REPETITIONS];
        double[] sparkSteady = new double[REPETITIONS];
        double[] ratios = new double[REPETITIONS];
        SparkTestRuns.Run last = null;
        TaskTimes times = new TaskTimes();
        context.sc().addSparkListener(times);
        for (int i = 0; i < REPETITIONS; i++) {
            SparkTestRuns.Run threads = SparkTestRuns.trainOnThreads(config, data);
            last = SparkTestRuns.trainOnSpark(config, data, context, LostSubnetworkPolicy.RETRY);
            if (!Arrays.equals(threads.result().losses(), last.result().losses())) {
                throw new AssertionError(label + ": losses differ from the local engine's");
            }
            local[i] = threads.result().wallSeconds() / config.rounds();
            spark[i] = last.result().wallSeconds() / config.rounds();
            localSteady[i] = steadySeconds(threads);
            sparkSteady[i] = steadySeconds(last);
            ratios[i] = spark[i] / local[i];
        }
        report.append(String.format(Locale.ROOT, "%s: seconds per round, local engine %s, "
                + "Spark %s; ratio %s (median %.3f); rounds 2..K: local %.3f, Spark %.3f "
                + "(median)%n", label, format(local), format(spark), format(ratios),
                median(ratios), median(localSteady), median(sparkSteady)));
        context.sc().removeSparkListener(times);
        appendTraffic(label, last, report);
        times.append(label, REPETITIONS * config.rounds(), report);
    }

    private static void traffic(String label, TrainingConfig config, Dataset data,
            JavaSparkContext context, StringBuilder report) {
        appendTraffic(label, SparkTestRuns.trainOnSpark(config, data, context,
                LostSubnetworkPolicy.RETRY), report);
    }

    private static void appendTraffic(String label, SparkTestRuns.Run run,
            StringBuilder report) {
        List<Double> sentRatios = new ArrayList<>();
        long sent = 0;
        long received = 0;
        long wholeSent = 0;
        long wholeReceived = 0;
        for (int k = 1; k < run.rounds().size(); k++) {
            RoundTraffic traffic = run.rounds().get(k).traffic();
            sent += traffic.bytesSent();
            received += traffic.bytesReceived();
            wholeSent += traffic.wholeModelBytesSent();
            wholeReceived += traffic.wholeModelBytesReceived();
            sentRatios.add((double) traffic.bytesSent() / traffic.wholeModelBytesSent());
        }
        int rounds = run.rounds().size() - 1;
        report.append(String.format(Locale.ROOT, "%s: bytes per round sent %.0f (whole model "
                + "%.0f, ratio %.4f, per round %.4f .. %.4f), received %.0f (whole model %.0f, "
                + "ratio %.4f)%n", label, (double) sent / rounds, (double) wholeSent / rounds,
                (double) sent / wholeSent, sentRatios.stream().mapToDouble(v -> v).min()
                        .orElse(0), sentRatios.stream().mapToDouble(v -> v).max().orElse(0),
                (double) received / rounds, (double) wholeReceived / rounds,
                (double) received / wholeReceived));
    }

    private static JavaSparkContext clusterContext(StandaloneCluster cluster)
            throws InterruptedException {
        SparkConf conf = new SparkConf().setMaster(cluster.masterUrl())
                .setAppName("masktrain-benchmark")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.memory", "768m")
                .set("spark.cores.max", "2");
        JavaSparkContext context = new JavaSparkContext(conf);
        long deadline = System.currentTimeMillis() + 90_000;
        while (context.sc().statusTracker().getExecutorInfos().length < 3
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        return context;
    }

    /** Returns the mean seconds of rounds 2..K, which exclude the first round's set-up. */
    private static double steadySeconds(SparkTestRuns.Run run) {
        int last = run.rounds().size() - 1;
        return (run.rounds().get(last).elapsedSeconds() - run.rounds().get(1).elapsedSeconds())
                / (last - 1);
    }

    /**
     * Sums of Spark's task metrics and job wall times, in milliseconds, over the jobs seen.
     * Listener events arrive on Spark's listener thread, hence the synchronization.
     */
    private static final class TaskTimes extends SparkListener {
        private final java.util.Map<Integer, Long> jobStarts = new java.util.HashMap<>();
        private long jobMillis;
        private long runMillis;
        private long deserializeMillis;
        private long resultSerializeMillis;
        private long gcMillis;
        private long resultBytes;
        private long tasks;

        @Override
        public synchronized void onJobStart(SparkListenerJobStart jobStart) {
            jobStarts.put(jobStart.jobId(), jobStart.time());
        }

        @Override
        public synchronized void onJobEnd(SparkListenerJobEnd jobEnd) {
            Long start = jobStarts.remove(jobEnd.jobId());
            if (start != null) {
                jobMillis += jobEnd.time() - start;
            }
        }

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            TaskMetrics metrics = taskEnd.taskMetrics();
            if (metrics == null) {
                return;
            }
            runMillis += metrics.executorRunTime();
            deserializeMillis += metrics.executorDeserializeTime();
            resultSerializeMillis += metrics.resultSerializationTime();
            gcMillis += metrics.jvmGCTime();
            resultBytes += metrics.resultSize();
            tasks++;
        }

        synchronized void append(String label, int rounds, StringBuilder report) {
            report.append(String.format(Locale.ROOT, "%s: per round, Spark job wall %.3f s; "
                    + "summed over its tasks: run %.3f s, deserialization %.3f s, result "
                    + "serialization %.3f s, GC %.3f s; result size %.0f bytes (%d tasks)%n",
                    label, jobMillis / 1e3 / rounds, runMillis / 1e3 / rounds,
                    deserializeMillis / 1e3 / rounds, resultSerializeMillis / 1e3 / rounds,
                    gcMillis / 1e3 / rounds, (double) resultBytes / rounds, tasks));
        }
    }

    private static String format(double[] values) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f",
                    values[i]));
        }
        return text.append(']').toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle]
                : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
