package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Duplicate and co-aligned rows: reported and kept by default, dropped with
 * {@code --drop-duplicates}. The CSV has 20 rows. Row 7 repeats row 2 and row 11 is row 4
 * negated, so the pairs are (2, 7) and (4, 11), counted from 0.
 */
class DuplicateRowsTest {

    private static final int ROWS = 20;

    @Test
    void duplicatesReportedAndKept(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");

        Cli.Result result = TrainArgs.small().set("--data", duplicatesCsv(dir).toString())
                .out(out).run();

        assertSucceeded(result);
        assertTrue(result.out().contains("found 2 duplicate or co-aligned row pairs"),
                result::describe);
        assertTrue(result.out().contains("(2, 7)"), result::describe);
        assertTrue(result.out().contains("(4, 11)"), result::describe);
        assertTrue(result.out().contains("--drop-duplicates"), result::describe);
        assertEquals(ROWS, trainedSamples(out));
    }

    @Test
    void dropDuplicatesDropsRows(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");

        Cli.Result result = TrainArgs.small().set("--data", duplicatesCsv(dir).toString())
                .flag("--drop-duplicates").out(out).run();

        assertSucceeded(result);
        assertTrue(result.out().contains("found 2 duplicate or co-aligned row pairs"),
                result::describe);
        assertTrue(result.out().contains("dropped 2 rows"), result::describe);
        assertEquals(ROWS - 2, trainedSamples(out));
    }

    private static Path duplicatesCsv(Path dir) throws IOException {
        List<String> rows = new ArrayList<>(DataFiles.randomCsvRows(ROWS, 3, 2, 9));
        rows.set(7, rows.get(2));
        String[] fields = rows.get(4).split(",");
        StringBuilder negated = new StringBuilder();
        for (int k = 0; k < fields.length - 1; k++) {
            negated.append('-').append(fields[k]).append(',');
        }
        negated.append(fields[fields.length - 1]);
        rows.set(11, negated.toString());
        Path file = dir.resolve("duplicates.csv");
        Files.write(file, rows);
        return file;
    }

    /** Returns the training plus held-out samples the run used. */
    private static int trainedSamples(Path out) throws IOException {
        JsonNode provenance = new RunOutput(out).config().get("provenance");
        return provenance.get("train_samples").asInt() + provenance.get("test_samples").asInt();
    }
}
