package org.masktrain.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.masktrain.engine.EngineSettings;
import org.masktrain.engine.LostSubnetworkPolicy;

/** The master and task attempts a run's Spark configuration gets. */
class SparkSettingsTest {

    private static EngineSettings settings(String master, int attempts) {
        return new EngineSettings("spark", master, 2, attempts, LostSubnetworkPolicy.RETRY,
                false);
    }

    @ParameterizedTest(name = "{0} with {1} attempts")
    @CsvSource({
        "local[2], 4, 'local[2,4]'",
        "local, 3, 'local[1,3]'",
        "local[*], 2, 'local[*,2]'",
        "'local[3,5]', 4, 'local[3,5]'",
        "spark://127.0.0.1:7077, 4, spark://127.0.0.1:7077"
    })
    void configureSetsMasterAndAttempts(String master, int attempts, String expected) {
        SparkConf conf = SparkSettings.configure(new SparkConf(false), settings(master,
                attempts));

        assertEquals(expected, conf.get("spark.master"), "master");
        assertEquals(Integer.toString(attempts), conf.get("spark.task.maxFailures"),
                "spark.task.maxFailures");
        assertEquals("false", conf.get("spark.ui.enabled"), "spark.ui.enabled");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'local[2,3]', 3",
        "local[2], 1",
        "local, 1",
        "spark://127.0.0.1:7077, 6"
    })
    void taskAttemptsFollowMaster(String master, int expected) {
        SparkConf conf = new SparkConf(false).set("spark.task.maxFailures", "6");

        assertEquals(expected, SparkSettings.taskAttempts(master, conf), master);
    }

    @Test
    void masterDefaultsToConfigurationThenLocal() {
        SparkConf submitted = new SparkConf(false).setMaster("spark://10.0.0.1:7077");
        SparkConf plain = new SparkConf(false);

        assertEquals("spark://10.0.0.1:7077", SparkSettings.configure(submitted,
                settings(null, 4)).get("spark.master"), "master set by spark-submit");
        assertEquals("local[2,4]", SparkSettings.configure(plain, settings(null, 4))
                .get("spark.master"), "default master");
    }
}
