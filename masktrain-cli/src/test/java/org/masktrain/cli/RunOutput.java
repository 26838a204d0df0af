package org.masktrain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the files of a run directory that the tests check. */
final class RunOutput {

    private final Path directory;

    RunOutput(Path directory) {
        this.directory = directory;
    }

    /** Returns the column names of metrics.csv. */
    List<String> metricsHeader() throws IOException {
        return Arrays.asList(Files.readAllLines(directory.resolve("metrics.csv")).get(0)
                .split(","));
    }

    /** Returns the data rows of metrics.csv, one per round k = 0..K. */
    List<String> metricsRows() throws IOException {
        List<String> lines = Files.readAllLines(directory.resolve("metrics.csv"));
        return lines.subList(1, lines.size());
    }

    /**
     * Returns the loss column of metrics.csv as written. The tool writes each loss with
     * {@link Double#toString(double)}, which reads back as the same double, so equal text
     * means bitwise equal losses.
     */
    List<String> losses() throws IOException {
        int column = metricsHeader().indexOf("loss");
        List<String> losses = new ArrayList<>();
        for (String row : metricsRows()) {
            losses.add(row.split(",")[column]);
        }
        return losses;
    }

    /** Returns config.json. */
    JsonNode config() throws IOException {
        return new ObjectMapper().readTree(directory.resolve("config.json").toFile());
    }

    /** Returns summary.json. */
    JsonNode summary() throws IOException {
        return new ObjectMapper().readTree(directory.resolve("summary.json").toFile());
    }
}
