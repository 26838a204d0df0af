package org.masktrain.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.masktrain.data.Dataset;
import org.masktrain.engine.LostSubnetworkPolicy;
import org.masktrain.masks.MaskKind;
import org.masktrain.training.TrainingConfig;

/**
 * The Spark engine on a standalone cluster of a master and two single-core workers, each a
 * separate JVM on 127.0.0.1, against the local engine on the same seed.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StandaloneClusterTest {

    private static StandaloneCluster cluster;
    private static JavaSparkContext context;
    private static final Set<String> TASK_EXECUTORS = ConcurrentHashMap.newKeySet();
    private static final Dataset DATA = SparkTestRuns.dataset(3, 80, 24, 3);

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(2);
        SparkConf conf = new SparkConf().setMaster(cluster.masterUrl())
                .setAppName("masktrain-cluster-test")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.memory", "512m")
                .set("spark.cores.max", "2")
                .set("spark.executor.extraJavaOptions",
                        "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider "
                        + "-Djava.io.tmpdir=" + cluster.directory().resolve("tmp"));
        context = new JavaSparkContext(conf);
        assertTrue(SparkEngine.isRegistered(context), "registered as "
                + context.sc().applicationId());
        context.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                TASK_EXECUTORS.add(taskEnd.taskInfo().executorId());
            }
        });
        long deadline = System.currentTimeMillis() + 90_000;
        // The driver counts as one executor in the status tracker.
        while (context.sc().statusTracker().getExecutorInfos().length < 3
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (context != null) {
                context.stop();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void categoricalRunEqualsLocalEngine() throws InterruptedException {
        TrainingConfig config = SparkTestRuns.config(MaskKind.CATEGORICAL).rounds(3).build();
        SparkTestRuns.Run local = SparkTestRuns.trainOnThreads(config, DATA);
        SparkTestRuns.Run spark = SparkTestRuns.trainOnSpark(config, DATA, context,
                LostSubnetworkPolicy.RETRY);

        assertEquals(3, context.sc().statusTracker().getExecutorInfos().length,
                "executors, the driver included");
        assertArrayEquals(local.result().losses(), spark.result().losses(), 0.0, "L_k");
        assertArrayEquals(local.result().trained().weights().data(),
                spark.result().trained().weights().data(), 0.0, "trained W");
        long deadline = System.currentTimeMillis() + 10_000;
        while (TASK_EXECUTORS.size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(2, TASK_EXECUTORS.size(), "executors that ran tasks: " + TASK_EXECUTORS);
    }

    @Test
    void shardedRunEqualsLocalEngine() {
        TrainingConfig config = SparkTestRuns.config(MaskKind.CATEGORICAL).rounds(3).build();
        SparkTestRuns.Run local = SparkTestRuns.trainOnThreads(config, DATA, true);
        SparkTestRuns.Run spark = SparkTestRuns.trainOnSpark(config, DATA, context,
                LostSubnetworkPolicy.RETRY, true);

        assertArrayEquals(local.result().losses(), spark.result().losses(), 0.0, "L_k");
    }

    @Test
    void bernoulliRunEqualsLocalEngine() {
        TrainingConfig config = SparkTestRuns.config(MaskKind.BERNOULLI).rounds(3).build();
        SparkTestRuns.Run local = SparkTestRuns.trainOnThreads(config, DATA);
        SparkTestRuns.Run spark = SparkTestRuns.trainOnSpark(config, DATA, context,
                LostSubnetworkPolicy.RETRY);

        assertArrayEquals(local.result().losses(), spark.result().losses(), 0.0, "L_k");
    }
}
