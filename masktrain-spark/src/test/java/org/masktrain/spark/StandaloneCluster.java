package org.masktrain.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: one master and some workers, each a
 * separate JVM started from the module's resolved class path (no Spark distribution needed).
 *
 * <p>Workers build executor command lines from {@code SPARK_HOME} (a folder with an empty
 * {@code jars/}), {@code SPARK_SCALA_VERSION} and {@code SPARK_DIST_CLASSPATH}, which here
 * contains the dependencies and this module's class folders, so executors load the project's
 * classes without a packaged jar. Every process logs to a file under the work directory, and
 * {@link #close} stops them all.
 */
final class StandaloneCluster implements AutoCloseable {

    private static final Pattern MASTER_URL =
            Pattern.compile("Starting Spark master at (spark://127\\.0\\.0\\.1:\\d+)");
    private static final long START_TIMEOUT_MILLIS = 90_000;

    private final Path directory;
    private final List<Process> processes = new ArrayList<>();
    private final String classpath;
    private final List<String> javaOptions;
    private String masterUrl;

    private StandaloneCluster(Path directory, String classpath, List<String> javaOptions) {
        this.directory = directory;
        this.classpath = classpath;
        this.javaOptions = javaOptions;
    }

    /**
     * Starts a master and {@code workers} workers of one core and 1 GiB each, and returns once
     * every worker has registered.
     *
     * @throws IOException when a process cannot start or the cluster is not up in time
     */
    static StandaloneCluster start(int workers) throws IOException, InterruptedException {
        Path base = Paths.get(System.getProperty("masktrain.test.workDirectory",
                "target/spark-cluster"));
        Path directory = base.resolve("cluster-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(directory.resolve("spark-home/jars"));
        String dependencies = Files.readString(Paths.get(System.getProperty(
                "masktrain.test.classpathFile", "target/spark-classpath.txt"))).trim();
        String classes = Paths.get("target/classes").toAbsolutePath() + java.io.File.pathSeparator
                + Paths.get("target/test-classes").toAbsolutePath();
        String classpath = classes + java.io.File.pathSeparator + dependencies;
        List<String> options = Arrays.asList(System.getProperty("masktrain.test.javaOptions", "")
                .trim().split("\\s+"));
        StandaloneCluster cluster = new StandaloneCluster(directory, classpath, options);
        try {
            cluster.startMaster();
            for (int i = 0; i < workers; i++) {
                cluster.startWorker(i);
            }
            cluster.awaitLog("master.log", "Registering worker", workers);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Returns the master's URL, {@code spark://127.0.0.1:PORT}. */
    String masterUrl() {
        return masterUrl;
    }

    /** Returns the folder that contains the logs and work folders. */
    Path directory() {
        return directory;
    }

    private void startMaster() throws IOException, InterruptedException {
        launch("master.log", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", "0", "--webui-port", "0");
        String log = awaitLog("master.log", "New state: ALIVE", 1);
        Matcher url = MASTER_URL.matcher(log);
        if (!url.find()) {
            throw new IOException("the master log has no URL: " + directory.resolve("master.log"));
        }
        masterUrl = url.group(1);
    }

    private void startWorker(int index) throws IOException {
        Path work = Files.createDirectories(directory.resolve("worker-" + index));
        launch("worker-" + index + ".log", "org.apache.spark.deploy.worker.Worker", masterUrl,
                "--host", "127.0.0.1", "--webui-port", "0", "--cores", "1", "--memory", "1g",
                "--work-dir", work.toString());
    }

    private void launch(String logName, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(javaOptions);
        command.add("-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(directory.resolve("tmp")));
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("SPARK_LOCAL_HOSTNAME", "localhost");
        environment.put("SPARK_HOME", directory.resolve("spark-home").toString());
        environment.put("SPARK_SCALA_VERSION", "2.13");
        environment.put("SPARK_DIST_CLASSPATH", classpath);
        environment.put("SPARK_LOCAL_DIRS", directory.resolve("local").toString());
        builder.redirectErrorStream(true);
        builder.redirectOutput(directory.resolve(logName).toFile());
        processes.add(builder.start());
    }

    /** Waits until {@code text} occurs {@code count} times in a log; returns the log. */
    private String awaitLog(String logName, String text, int count)
            throws IOException, InterruptedException {
        Path log = directory.resolve(logName);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            String content = Files.exists(log)
                    ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (occurrences(content, text) >= count) {
                return content;
            }
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IOException("a cluster process exited with status "
                            + process.exitValue() + "; see the logs in " + directory);
                }
            }
            Thread.sleep(200);
        }
        throw new IOException("timed out after " + START_TIMEOUT_MILLIS / 1000 + " s waiting "
                + "for '" + text + "' x" + count + " in " + log);
    }

    private static int occurrences(String content, String text) {
        int count = 0;
        for (int at = content.indexOf(text); at >= 0; at = content.indexOf(text, at + 1)) {
            count++;
        }
        return count;
    }

    /** Stops the workers, then the master: politely first, then forcibly. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        processes.clear();
    }
}
