package org.masktrain.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.masktrain.cli.Main;
import org.masktrain.engine.RoundTraffic;

/** {@code masktrain train --engine spark} end to end, against the same run on threads. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SparkCommandLineTest {

    private static final String[] SMALL_RUN = {"train", "--samples", "60", "--width", "20",
        "--masks", "categorical", "--subnets", "2", "--local-steps", "2", "--rounds", "2",
        "--no-theory", "--quiet"};

    @Test
    void sparkRunMatchesThreadsRun(@TempDir Path dir) throws IOException {
        Path threads = dir.resolve("threads");
        Path spark = dir.resolve("spark");

        assertEquals(0, Main.run(concat(SMALL_RUN, "--out", threads.toString())), "threads");
        assertEquals(0, Main.run(concat(SMALL_RUN, "--out", spark.toString(), "--engine",
                "spark", "--master", "local[2]")), "spark");

        List<String> threadRows = Files.readAllLines(threads.resolve("metrics.csv"));
        List<String> sparkRows = Files.readAllLines(spark.resolve("metrics.csv"));
        assertTrue(sparkRows.get(0).endsWith("," + RoundTraffic.CSV_HEADER), sparkRows.get(0));
        assertEquals(threadRows.size(), sparkRows.size(), "rows");
        for (int k = 1; k < threadRows.size(); k++) {
            assertEquals(threadRows.get(k).split(",")[1], sparkRows.get(k).split(",")[1],
                    "loss of round " + (k - 1));
        }
        assertTrue(Files.readString(spark.resolve("config.json")).contains("\"engine\" : "
                + "\"spark\""), "config.json names the engine");
        String summary = Files.readString(spark.resolve("summary.json"));
        assertTrue(summary.contains("\"bytes_sent\""), summary);
        assertTrue(summary.contains("\"lost_subnets\" : 0"), summary);
    }

    @Test
    void resumeExtendsSparkRun(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("spark");
        assertEquals(0, Main.run(concat(SMALL_RUN, "--out", run.toString(), "--engine",
                "spark", "--master", "local[2]")), "first run");

        Result resumed = capture("train", "--resume", run.toString(), "--rounds", "3",
                "--quiet");

        assertEquals(0, resumed.status(), resumed::describe);
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertTrue(rows.get(0).endsWith("," + RoundTraffic.CSV_HEADER), rows.get(0));
        assertEquals(5, rows.size(), "header and rounds 0 to 3");
        assertTrue(Files.readString(run.resolve("summary.json")).contains("\"completed\""),
                "summary.json status");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"local[0]", "local[abc]", "yarn", "spark://127.0.0.1"})
    void badMasterIsRejected(String master, @TempDir Path dir) {
        Path out = dir.resolve("run");

        Result result = capture(concat(SMALL_RUN, "--out", out.toString(), "--engine", "spark",
                "--master", master));

        assertEquals(2, result.status(), result::describe);
        assertEquals(1, result.err().lines().count(), result::describe);
        assertTrue(result.err().contains("'" + master + "'"), result::describe);
        assertTrue(result.err().contains("local[N]"), result::describe);
        assertFalse(result.err().contains("Exception"), result::describe);
        assertFalse(Files.exists(out), "run directory created");
    }

    @Test
    void unreachableMasterLeavesNoRunDirectory(@TempDir Path dir) throws IOException {
        // A port that was free a moment ago refuses connections.
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + port;
        Path out = dir.resolve("run");

        Result result = capture(concat(SMALL_RUN, "--out", out.toString(), "--engine", "spark",
                "--master", master));

        assertEquals(1, result.status(), result::describe);
        assertEquals(1, result.err().lines().count(), result::describe);
        assertTrue(result.err().contains("could not connect to the Spark master " + master),
                result::describe);
        assertFalse(Files.exists(out), "run directory created");
    }

    @Test
    void submitMainAddsSparkEngine() {
        assertArrayEquals(new String[] {"train", "--engine", "spark", "--rounds", "3"},
                SubmitMain.withSparkEngine(new String[] {"train", "--rounds", "3"}));
        assertArrayEquals(new String[] {"train", "--engine", "threads"},
                SubmitMain.withSparkEngine(new String[] {"train", "--engine", "threads"}));
        assertArrayEquals(new String[] {"ntk"}, SubmitMain.withSparkEngine(new String[] {"ntk"}));
    }

    /**
     * Exit status and standard error of one command-line run.
     *
     * @param status the value {@link Main#run} returned
     * @param err everything written to standard error
     */
    private record Result(int status, String err) {
        String describe() {
            return "exit status " + status + "\n--- stderr ---\n" + err;
        }
    }

    /** Runs the command line with standard output dropped and standard error captured. */
    private static Result capture(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream capturedOut = new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8);
                PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            status = Main.run(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Result(status, err.toString(StandardCharsets.UTF_8));
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
