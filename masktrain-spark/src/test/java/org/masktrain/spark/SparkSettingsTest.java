package org.masktrain.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.masktrain.InvalidInputException;
import org.masktrain.engine.EngineSettings;
import org.masktrain.engine.LostSubnetworkPolicy;

/** The master, task attempts and driver address a run's Spark configuration gets. */
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"local", "local[1]", "local[*]", "local[2,3]", "local[*, 4]",
        "spark://127.0.0.1:7077", "spark://a.example:7077,b.example:7078", "spark://[::1]:7077"})
    void checkMasterAcceptsSupportedForms(String master) {
        assertDoesNotThrow(() -> SparkSettings.checkMaster(master));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"local[0]", "local[abc]", "local[2,0]", "local[ 2]", "local[]",
        "local[99999999999]", "yarn", "k8s://127.0.0.1:6443", "spark://", "spark://host",
        "spark://host:0", "spark://host:65536", "spark://a:7077,", "spark://a:7077/path",
        "127.0.0.1:7077"})
    void checkMasterRejectsOtherValues(String master) {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> SparkSettings.checkMaster(master));

        assertTrue(error.getMessage().contains("'" + master + "'"), error.getMessage());
        assertTrue(error.getMessage().contains(SparkSettings.ACCEPTED_MASTERS),
                error.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"local", "local[2]", "local[*,3]"})
    void localMasterBindsLoopback(String master) {
        SparkConf conf = new SparkConf(false).set("spark.driver.host", "10.0.0.5")
                .set("spark.driver.bindAddress", "0.0.0.0");

        SparkSettings.configure(conf, settings(master, 4));

        assertEquals("127.0.0.1", conf.get("spark.driver.host"), "spark.driver.host");
        assertEquals("127.0.0.1", conf.get("spark.driver.bindAddress"),
                "spark.driver.bindAddress");
    }

    @Test
    void clusterMasterKeepsDriverAddress() {
        SparkConf configured = new SparkConf(false).set("spark.driver.host", "10.0.0.5");
        SparkConf plain = new SparkConf(false);

        SparkSettings.configure(configured, settings("spark://10.0.0.1:7077", 4));
        SparkSettings.configure(plain, settings("spark://10.0.0.1:7077", 4));

        assertEquals("10.0.0.5", configured.get("spark.driver.host"), "spark.driver.host");
        assertTrue(plain.getOption("spark.driver.host").isEmpty(), "spark.driver.host set");
        assertTrue(plain.getOption("spark.driver.bindAddress").isEmpty(),
                "spark.driver.bindAddress set");
    }
}
