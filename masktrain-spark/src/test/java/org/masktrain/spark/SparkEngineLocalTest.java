package org.masktrain.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.masktrain.data.Dataset;
import org.masktrain.engine.LostSubnetworkPolicy;
import org.masktrain.engine.RoundTraffic;
import org.masktrain.masks.MaskKind;
import org.masktrain.training.TrainingConfig;

/**
 * The Spark engine in local mode against the local engine. The context runs two executor
 * threads, allows two attempts per task, and fails the first attempt of round 1's
 * sub-network 2 on purpose, so every run here also checks that a retried task changes nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SparkEngineLocalTest {

    private static JavaSparkContext context;
    private static final Dataset DATA = SparkTestRuns.dataset(5, 60, 20, 3);

    @BeforeAll
    static void startSpark() {
        context = SparkTestRuns.localContext("local[2,2]",
                FaultInjection.FIRST_ATTEMPT_KEY, "1:2");
    }

    @AfterAll
    static void stopSpark() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void bernoulliRunEqualsLocalEngine() {
        TrainingConfig config = SparkTestRuns.config(MaskKind.BERNOULLI).build();
        SparkTestRuns.Run local = SparkTestRuns.trainOnThreads(config, DATA);
        SparkTestRuns.Run spark = SparkTestRuns.trainOnSpark(config, DATA, context,
                LostSubnetworkPolicy.RETRY);

        assertArrayEquals(local.result().losses(), spark.result().losses(), 0.0, "L_k");
        assertArrayEquals(local.result().trained().weights().data(),
                spark.result().trained().weights().data(), 0.0, "trained W");
        for (int k = 1; k <= config.rounds(); k++) {
            assertArrayEquals(local.rounds().get(k).localLosses(),
                    spark.rounds().get(k).localLosses(), "local losses of round " + k);
        }
    }

    @Test
    void minibatchRunEqualsLocalEngine() {
        TrainingConfig config = SparkTestRuns.config(MaskKind.BERNOULLI).batchSize(16).build();
        SparkTestRuns.Run local = SparkTestRuns.trainOnThreads(config, DATA);
        SparkTestRuns.Run spark = SparkTestRuns.trainOnSpark(config, DATA, context,
                LostSubnetworkPolicy.RETRY);

        assertArrayEquals(local.result().losses(), spark.result().losses(), 0.0, "L_k");
    }

    @Test
    void shardedRunEqualsLocalEngine() {
        TrainingConfig config = SparkTestRuns.config(MaskKind.BERNOULLI).build();
        SparkTestRuns.Run local = SparkTestRuns.trainOnThreads(config, DATA, true);
        SparkTestRuns.Run spark = SparkTestRuns.trainOnSpark(config, DATA, context,
                LostSubnetworkPolicy.RETRY, true);
        SparkTestRuns.Run unsharded = SparkTestRuns.trainOnThreads(config, DATA, false);

        assertArrayEquals(local.result().losses(), spark.result().losses(), 0.0, "L_k");
        assertArrayEquals(local.result().trained().weights().data(),
                spark.result().trained().weights().data(), 0.0, "trained W");
        assertEquals(1, spark.rounds().get(2).traffic().failedAttempts(), "failed attempts");
        assertNotEquals(unsharded.result().finalLoss(), local.result().finalLoss(),
                "final loss with and without shards");
    }

    @Test
    void retriedTaskLeavesRoundUnchanged() {
        TrainingConfig config = SparkTestRuns.config(MaskKind.CATEGORICAL).build();
        SparkTestRuns.Run local = SparkTestRuns.trainOnThreads(config, DATA);
        SparkTestRuns.Run spark = SparkTestRuns.trainOnSpark(config, DATA, context,
                LostSubnetworkPolicy.RETRY);

        // Round index k in the records is the round that produced W_k, so task round 1 is k=2.
        assertEquals(1, spark.rounds().get(2).traffic().failedAttempts(), "failed attempts");
        assertEquals(0, spark.rounds().get(1).traffic().failedAttempts(),
                "failed attempts of a round without injected failures");
        assertEquals(0, spark.rounds().get(2).traffic().lostSubnetworks(), "lost sub-networks");
        assertArrayEquals(local.result().losses(), spark.result().losses(), 0.0, "L_k");
    }

    @Test
    void categoricalRoundShipsOnePthOfModel() {
        TrainingConfig config = SparkTestRuns.config(MaskKind.CATEGORICAL).build();
        SparkTestRuns.Run spark = SparkTestRuns.trainOnSpark(config, DATA, context,
                LostSubnetworkPolicy.RETRY);

        int p = config.subnetworks();
        assertNull(spark.rounds().get(0).traffic(), "round 0 traffic");
        for (int k = 1; k <= config.rounds(); k++) {
            RoundTraffic traffic = spark.rounds().get(k).traffic();
            assertEquals(p, traffic.tasks(), "tasks of round " + k);
            assertEquals((long) config.width() * (DATA.d() + DATA.c()), traffic.numbersSent(),
                    "numbers sent in round " + k);
            assertEquals((long) config.width() * DATA.d(), traffic.numbersReceived(),
                    "numbers received in round " + k);
            // Exact sizes: every neuron is in one task, so the rows add up to one whole model.
            int m = config.width();
            int d = DATA.d();
            int c = DATA.c();
            long rows = (long) m * (Integer.BYTES + Double.BYTES * (d + c));
            assertEquals(p * TaskCodec.TASK_HEADER_BYTES + rows, traffic.bytesSent(),
                    "bytes sent in round " + k);
            assertEquals(p * (TaskCodec.TASK_HEADER_BYTES + rows), traffic.wholeModelBytesSent(),
                    "whole-model bytes sent in round " + k);
            long losses = Double.BYTES * (config.localSteps() + 1L);
            long trainedRows = (long) Double.BYTES * m * d;
            assertEquals(p * (TaskCodec.RESULT_HEADER_BYTES + losses) + trainedRows,
                    traffic.bytesReceived(), "bytes received in round " + k);
            assertEquals(p * (TaskCodec.RESULT_HEADER_BYTES + losses + trainedRows),
                    traffic.wholeModelBytesReceived(), "whole-model bytes received in round " + k);
        }
    }
}
