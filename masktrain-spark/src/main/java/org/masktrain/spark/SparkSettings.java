package org.masktrain.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.masktrain.engine.EngineSettings;

/** The Spark configuration of a run: the master, the application name and task attempts. */
final class SparkSettings {

    /** Master used when neither the settings nor the Spark configuration name one. */
    static final String DEFAULT_MASTER = "local[2]";

    private static final Pattern LOCAL_MASTER = Pattern.compile("local(?:\\[(\\d+|\\*)])?");
    private static final Pattern LOCAL_MASTER_WITH_ATTEMPTS =
            Pattern.compile("local\\[\\s*(?:\\d+|\\*)\\s*,\\s*(\\d+)\\s*]");
    /** Spark's default of {@code spark.task.maxFailures} outside local mode. */
    private static final int SPARK_DEFAULT_ATTEMPTS = 4;

    private SparkSettings() {
    }

    /**
     * Completes {@code conf} for a run: the master (the settings', else the configuration's,
     * else {@value #DEFAULT_MASTER}), the application name and the task attempts. A local
     * master {@code local[N]} becomes {@code local[N,attempts]}, because Spark retries no task
     * in local mode unless the master sets a number of attempts. Returns {@code conf}.
     */
    static SparkConf configure(SparkConf conf, EngineSettings settings) {
        String master = settings.master() != null ? settings.master()
                : conf.get("spark.master", DEFAULT_MASTER);
        int attempts = settings.taskAttempts();
        Matcher local = LOCAL_MASTER.matcher(master.trim());
        if (local.matches()) {
            String threads = local.group(1) == null ? "1" : local.group(1);
            master = "local[" + threads + "," + attempts + "]";
        }
        conf.setMaster(master);
        conf.setIfMissing("spark.app.name", "masktrain");
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.set("spark.task.maxFailures", Integer.toString(attempts));
        return conf;
    }

    /** Returns how many attempts Spark gives a task of an application on {@code master}. */
    static int taskAttempts(String master, SparkConf conf) {
        Matcher withAttempts = LOCAL_MASTER_WITH_ATTEMPTS.matcher(master.trim());
        if (withAttempts.matches()) {
            return Integer.parseInt(withAttempts.group(1));
        }
        if (LOCAL_MASTER.matcher(master.trim()).matches()) {
            return 1;
        }
        return conf.getInt("spark.task.maxFailures", SPARK_DEFAULT_ATTEMPTS);
    }
}
