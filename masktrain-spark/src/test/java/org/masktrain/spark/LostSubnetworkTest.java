package org.masktrain.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.masktrain.data.Dataset;
import org.masktrain.engine.LostSubnetworkPolicy;
import org.masktrain.engine.RoundTraffic;
import org.masktrain.masks.MaskKind;
import org.masktrain.training.TrainingConfig;

/**
 * A sub-network whose task fails on every attempt: round 0's sub-network 1 here. Under
 * {@code skip} the round aggregates the others and the lost neurons keep their weights; under
 * {@code retry} the run fails.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LostSubnetworkTest {

    private static final int LOST = 1;
    private static JavaSparkContext context;
    private static final Dataset DATA = SparkTestRuns.dataset(7, 50, 16, 2);

    @BeforeAll
    static void startSpark() {
        context = SparkTestRuns.localContext("local[2,2]",
                FaultInjection.EVERY_ATTEMPT_KEY, "0:" + LOST);
    }

    @AfterAll
    static void stopSpark() {
        if (context != null) {
            context.stop();
        }
    }

    @ParameterizedTest(name = "shardData = {0}")
    @ValueSource(booleans = {false, true})
    void skipKeepsLostNeuronsUnchanged(boolean shardData) {
        TrainingConfig config = SparkTestRuns.config(MaskKind.CATEGORICAL).rounds(1).build();
        SparkTestRuns.Run local = SparkTestRuns.trainOnThreads(config, DATA, shardData);
        SparkTestRuns.Run spark = SparkTestRuns.trainOnSpark(config, DATA, context,
                LostSubnetworkPolicy.SKIP, shardData);

        int d = DATA.d();
        double[] initial = spark.result().initial().weights().data();
        double[] trained = spark.result().trained().weights().data();
        double[] reference = local.result().trained().weights().data();
        int[][] active = spark.rounds().get(1).masks().active();
        for (int l = 0; l < active.length; l++) {
            for (int r : active[l]) {
                double[] expected = l == LOST ? initial : reference;
                assertArrayEquals(Arrays.copyOfRange(expected, r * d, r * d + d),
                        Arrays.copyOfRange(trained, r * d, r * d + d), 0.0,
                        "row " + r + " of sub-network " + l);
            }
        }
        RoundTraffic traffic = spark.rounds().get(1).traffic();
        assertEquals(1, traffic.lostSubnetworks(), "lost sub-networks");
        assertEquals(2, traffic.failedAttempts(), "failed attempts");
        assertTrue(Double.isNaN(spark.rounds().get(1).localLosses()[LOST][0]),
                "local loss of the lost sub-network");
    }

    @Test
    void retryFailsRunWhenAttemptsRunOut() {
        TrainingConfig config = SparkTestRuns.config(MaskKind.CATEGORICAL).rounds(1).build();

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> SparkTestRuns.trainOnSpark(config, DATA, context,
                        LostSubnetworkPolicy.RETRY));
        assertTrue(error.getMessage().contains("--on-lost-subnet skip"), error.getMessage());
    }
}
