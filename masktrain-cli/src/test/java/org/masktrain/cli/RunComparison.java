package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.masktrain.io.NpyArray;
import org.masktrain.io.NpzReader;
import org.masktrain.run.Checkpoint;

/**
 * Asserts that two run directories hold the same results: metrics.csv without its timing
 * column, local.csv byte for byte, every array of trace.npz and the final checkpoint bit for
 * bit, and summary.json's status, rounds and losses.
 */
final class RunComparison {

    private RunComparison() {
    }

    static void assertSameResults(Path expected, Path actual) throws IOException {
        String where = actual + " against " + expected;
        assertEquals(withoutTiming(expected.resolve("metrics.csv")),
                withoutTiming(actual.resolve("metrics.csv")), "metrics.csv, " + where);
        assertArrayEquals(Files.readAllBytes(expected.resolve("local.csv")),
                Files.readAllBytes(actual.resolve("local.csv")), "local.csv, " + where);
        assertSameArrays(expected.resolve("trace.npz"), actual.resolve("trace.npz"), where);

        JsonNode expectedSummary = new ObjectMapper().readTree(
                expected.resolve("summary.json").toFile());
        JsonNode actualSummary = new ObjectMapper().readTree(
                actual.resolve("summary.json").toFile());
        for (String key : List.of("status", "rounds", "rounds_requested", "initial_loss",
                "final_loss", "final_mse", "final_test_loss", "final_test_accuracy")) {
            assertEquals(expectedSummary.get(key), actualSummary.get(key),
                    "summary.json " + key + ", " + where);
        }

        Checkpoint expectedCheckpoint = Checkpoint.read(expected.resolve(Checkpoint.FILE),
                Integer.MAX_VALUE, Integer.MAX_VALUE);
        Checkpoint actualCheckpoint = Checkpoint.read(actual.resolve(Checkpoint.FILE),
                Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertArrayEquals(bits(expectedCheckpoint.state().current().weights().data()),
                bits(actualCheckpoint.state().current().weights().data()),
                "W_K as IEEE 754 bits, " + where);
    }

    private static void assertSameArrays(Path expected, Path actual, String where)
            throws IOException {
        try (NpzReader left = NpzReader.open(expected); NpzReader right = NpzReader.open(actual)) {
            assertEquals(new TreeSet<>(left.keys()), new TreeSet<>(right.keys()),
                    "trace.npz keys, " + where);
            for (String key : left.keys()) {
                NpyArray a = left.read(key);
                NpyArray b = right.read(key);
                assertArrayEquals(a.shape(), b.shape(), "trace.npz " + key + " shape, " + where);
                assertArrayEquals(bits(a.data()), bits(b.data()),
                        "trace.npz " + key + " values, " + where);
            }
        }
    }

    /** Returns the lines of a CSV file without its last column, elapsed_seconds. */
    static List<String> withoutTiming(Path csv) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            lines.add(line.substring(0, line.lastIndexOf(',')));
        }
        return lines;
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
