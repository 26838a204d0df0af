package org.masktrain.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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
    void submitMainAddsSparkEngine() {
        assertArrayEquals(new String[] {"train", "--engine", "spark", "--rounds", "3"},
                SubmitMain.withSparkEngine(new String[] {"train", "--rounds", "3"}));
        assertArrayEquals(new String[] {"train", "--engine", "threads"},
                SubmitMain.withSparkEngine(new String[] {"train", "--engine", "threads"}));
        assertArrayEquals(new String[] {"ntk"}, SubmitMain.withSparkEngine(new String[] {"ntk"}));
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
