package org.masktrain.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.cli.Main;

/** SIGTERM during a Spark run, in a JVM of its own: the run ends as interrupted, quietly. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SparkSignalTest {

    @Test
    void sigtermReportsOnlyInterruption(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Path err = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("masktrain.test.javaOptions", "")
                .trim().split("\\s+")));
        command.addAll(List.of("-Xmx512m",
                "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
                "-Dslf4j.internal.verbosity=WARN", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", "--engine", "spark", "--master", "local[2]",
                "--samples", "60", "--width", "20", "--rounds", "100000", "--no-theory",
                "--quiet", "--out", run.toString()));
        Process process = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt")
                .toFile()).redirectError(err.toFile()).start();
        try {
            waitForRows(run.resolve("metrics.csv"), 5, process);
        } finally {
            // Process.destroy sends SIGTERM on Linux and macOS.
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            process.destroyForcibly();
        }

        String stderr = Files.readString(err);
        assertTrue(stderr.contains("masktrain: interrupted"), stderr);
        assertFalse(stderr.contains("failed on every attempt"), stderr);
        assertFalse(stderr.contains("application stopped"), stderr);
        assertTrue(Files.readString(run.resolve("summary.json")).contains("\"interrupted\""),
                "summary.json status");
    }

    /** Waits until {@code metrics} has {@code rows} rounds, or fails when the process ends. */
    private static void waitForRows(Path metrics, int rows, Process process)
            throws IOException, InterruptedException {
        while (!Files.exists(metrics) || Files.readAllLines(metrics).size() <= rows) {
            assertTrue(process.isAlive(), "the run ended before round " + rows);
            Thread.sleep(100);
        }
    }
}
