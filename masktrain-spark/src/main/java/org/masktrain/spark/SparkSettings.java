package org.masktrain.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.masktrain.InvalidInputException;
import org.masktrain.engine.EngineSettings;

/**
 * The Spark configuration of a run: the master, the application name, task attempts and, for
 * local masters, the loopback address.
 */
final class SparkSettings {

    /** Master used when neither the settings nor the Spark configuration name one. */
    static final String DEFAULT_MASTER = "local[2]";
    /** The address a local-mode driver listens on, so that no port opens beyond loopback. */
    static final String LOOPBACK = "127.0.0.1";
    /** The master URL forms that {@link #checkMaster} accepts, for error messages. */
    static final String ACCEPTED_MASTERS = "local, local[N], local[*], local[N,M] (N threads, "
            + "M attempts per task) or spark://HOST:PORT[,HOST:PORT...]";

    private static final Pattern LOCAL_MASTER = Pattern.compile("local(?:\\[(\\d+|\\*)])?");
    private static final Pattern LOCAL_MASTER_WITH_ATTEMPTS =
            Pattern.compile("local\\[\\s*(?:\\d+|\\*)\\s*,\\s*(\\d+)\\s*]");
    /** A local master as Spark 4.0 parses it, with the thread count and attempts optional. */
    private static final Pattern LOCAL_SYNTAX =
            Pattern.compile("local(?:\\[(\\d+|\\*)(?:\\s*,\\s*(\\d+))?])?");
    /** One HOST:PORT of a standalone master URL; an IPv6 host is written in brackets. */
    private static final Pattern HOST_PORT =
            Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+])"
                    + ":(\\d{1,5})");
    /** Spark's default of {@code spark.task.maxFailures} outside local mode. */
    private static final int SPARK_DEFAULT_ATTEMPTS = 4;

    private SparkSettings() {
    }

    /**
     * Completes {@code conf} for a run: the master (the settings', else the configuration's,
     * else {@value #DEFAULT_MASTER}), the application name and the task attempts. A local
     * master {@code local[N]} becomes {@code local[N,attempts]}, because Spark retries no task
     * in local mode unless the master sets a number of attempts. A local master's driver
     * listens on {@value #LOOPBACK} only; a cluster master keeps the configuration's
     * {@code spark.driver.host} and {@code spark.driver.bindAddress}. Returns {@code conf}.
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
        if (isLocal(master)) {
            // Executors run in this JVM, so nothing needs to reach the driver from outside.
            // Without these, Spark 4.0 binds the RPC and block manager ports to the address
            // of the first non-loopback interface.
            conf.set("spark.driver.host", LOOPBACK);
            conf.set("spark.driver.bindAddress", LOOPBACK);
        }
        conf.setIfMissing("spark.app.name", "masktrain");
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.set("spark.task.maxFailures", Integer.toString(attempts));
        return conf;
    }

    /**
     * Checks that {@code master} is a master URL this engine can start on: a local master with
     * at least one thread and one attempt, or a standalone cluster's {@code spark://} URL with
     * valid ports. Other cluster managers (YARN, Kubernetes) need spark-submit's own
     * {@code --master}, which reaches the engine as {@code spark.master} and is not checked.
     *
     * @throws InvalidInputException naming the value and the accepted forms
     */
    static void checkMaster(String master) {
        if (!isValidMaster(master.trim())) {
            throw new InvalidInputException("--master '" + master + "' is not a master URL "
                    + "masktrain can start on; give " + ACCEPTED_MASTERS);
        }
    }

    /** Returns whether {@code master} has one of the forms in {@link #ACCEPTED_MASTERS}. */
    static boolean isValidMaster(String master) {
        Matcher local = LOCAL_SYNTAX.matcher(master);
        if (local.matches()) {
            return isPositiveInt(local.group(1)) && isPositiveInt(local.group(2));
        }
        if (!master.startsWith("spark://")) {
            return false;
        }
        for (String address : master.substring("spark://".length()).split(",", -1)) {
            Matcher hostPort = HOST_PORT.matcher(address);
            if (!hostPort.matches()) {
                return false;
            }
            int port = Integer.parseInt(hostPort.group(1));
            if (port < 1 || port > 65535) {
                return false;
            }
        }
        return true;
    }

    /** Returns true for null and {@code *} (a missing or "all cores" count) and 1 .. 2^31-1. */
    private static boolean isPositiveInt(String count) {
        if (count == null || count.equals("*")) {
            return true;
        }
        try {
            return Integer.parseInt(count) >= 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Returns whether {@code master} runs the executors as threads of this JVM. */
    static boolean isLocal(String master) {
        return LOCAL_SYNTAX.matcher(master.trim()).matches();
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
