package org.masktrain.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.masktrain.InvalidInputException;
import org.masktrain.ntk.NtkDiagnostics;
import org.masktrain.run.RunFiles;

/**
 * Reads run directories and sweep folders defensively. Files in them may be missing, truncated
 * or edited by hand: a file that cannot be read becomes a problem listed in the result (the
 * report shows it as "not available") instead of an exception. Only a directory that cannot be
 * read at all raises {@link InvalidInputException}.
 */
public final class RunDirectoryReader {

    /** File of a sweep folder that describes the grid. */
    public static final String SWEEP_FILE = "sweep.json";

    /** Largest file read, in bytes; larger files are reported, not read. */
    static final long MAX_FILE_BYTES = 256L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunDirectoryReader() {
    }

    /**
     * The readable parts of a run directory; a part that was missing or malformed is null and
     * has an entry in {@code problems}.
     *
     * @param directory the run directory
     * @param config config.json, or null
     * @param summary summary.json, or null
     * @param metrics metrics.csv, or null
     * @param local local.csv, or null
     * @param diagnostics diagnostics.csv, or null when the run measured none
     * @param problems one line per file that could not be read
     */
    public record RunData(Path directory, JsonNode config, JsonNode summary, CsvTable metrics,
            CsvTable local, CsvTable diagnostics, List<String> problems) {

        /** Copies the problem list. */
        public RunData {
            problems = List.copyOf(problems);
        }

        /** Returns summary.json's status, or "unknown" without one. */
        public String status() {
            return summary != null && summary.path("status").isTextual()
                    ? summary.path("status").asText() : "unknown";
        }
    }

    /**
     * Reads the run directory {@code directory}.
     *
     * @throws InvalidInputException when it is not a readable directory or contains none of
     *     the run files
     */
    public static RunData read(Path directory) {
        requireDirectory(directory);
        RunFiles files = new RunFiles(directory);
        if (!Files.exists(files.config()) && !Files.exists(files.metrics())
                && !Files.exists(files.summary())) {
            throw new InvalidInputException(directory + " is not a run directory: it has no "
                    + RunFiles.CONFIG + ", " + RunFiles.METRICS + " or " + RunFiles.SUMMARY);
        }
        List<String> problems = new ArrayList<>();
        JsonNode config = readJsonOrNote(files.config(), problems);
        JsonNode summary = readJsonOrNote(files.summary(), problems);
        CsvTable metrics = readCsvOrNote(files.metrics(), problems, true, Set.of());
        CsvTable local = readCsvOrNote(files.local(), problems, true, Set.of());
        CsvTable diagnostics = readCsvOrNote(directory.resolve(NtkDiagnostics.FILE), problems,
                false, Set.of("subnet"));
        return new RunData(directory, config, summary, metrics, local, diagnostics, problems);
    }

    /**
     * Checks that {@code directory} is a run directory, that is a directory with config.json
     * as {@code train} and {@code reproduce} write it. The other files may be missing or
     * damaged.
     *
     * @throws InvalidInputException when it is missing, a file, or has no config.json
     */
    public static void requireRunDirectory(Path directory) {
        requireDirectory(directory);
        if (!Files.exists(new RunFiles(directory).config())) {
            throw new InvalidInputException(directory + " is not a run directory: it has no "
                    + RunFiles.CONFIG + "; give a folder written by 'masktrain train'");
        }
    }

    /** Returns whether {@code directory} is a sweep folder (it has sweep.json). */
    public static boolean isSweep(Path directory) {
        return Files.isRegularFile(directory.resolve(SWEEP_FILE));
    }

    /**
     * Reads a JSON object from {@code file}.
     *
     * @throws InvalidInputException when the file is missing, too large, not UTF-8 or not a
     *     JSON object
     */
    public static JsonNode readJson(Path file) {
        String text = readText(file);
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new InvalidInputException(file + ": invalid JSON" + where);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(file + ": expected a JSON object");
        }
        return node;
    }

    /**
     * Reads a CSV file of numbers with a header row. A last line without a line end (a row
     * being written when the run stopped) is dropped.
     *
     * @throws InvalidInputException when the file is missing, too large, has no header, a row of
     *     another length than the header, or a value that is not a number
     */
    public static CsvTable readCsv(Path file) {
        return readCsv(file, Set.of());
    }

    /**
     * Reads a CSV file like {@link #readCsv(Path)}, except that a value of a column named in
     * {@code textColumns} that is not a number becomes NaN (diagnostics.csv writes "full" in
     * its subnet column for the whole network).
     */
    public static CsvTable readCsv(Path file, Set<String> textColumns) {
        String text = readText(file);
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (!text.isEmpty() && !text.endsWith("\n") && !lines.isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new InvalidInputException(file + ": no header row");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::trim)
                .toList();
        List<double[]> rows = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != header.size()) {
                throw new InvalidInputException(file + ": line " + (i + 1) + " has "
                        + fields.length + " fields, but the header has " + header.size());
            }
            double[] row = new double[fields.length];
            for (int j = 0; j < fields.length; j++) {
                String field = fields[j].trim();
                if (textColumns.contains(header.get(j)) && !looksNumeric(field)) {
                    row[j] = Double.NaN;
                } else {
                    row[j] = parseNumber(file, i + 1, field);
                }
            }
            rows.add(row);
        }
        return new CsvTable(header, rows);
    }

    private static double parseNumber(Path file, int line, String field) {
        if (field.isEmpty() || field.length() > 64) {
            throw new InvalidInputException(file + ": line " + line + " has an invalid number '"
                    + abbreviate(field) + "'");
        }
        try {
            return Double.parseDouble(field);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(file + ": line " + line + " has an invalid number '"
                    + abbreviate(field) + "'");
        }
    }

    private static boolean looksNumeric(String field) {
        return !field.isEmpty() && (Character.isDigit(field.charAt(0)) || field.charAt(0) == '-'
                || field.charAt(0) == '.');
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 20 ? printable : printable.substring(0, 20) + "...";
    }

    private static String readText(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(file + ": file not found");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new InvalidInputException(file + ": " + size + " bytes is more than the "
                        + MAX_FILE_BYTES + " bytes a report reads");
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read: " + e.getMessage());
        }
    }

    private static JsonNode readJsonOrNote(Path file, List<String> problems) {
        if (!Files.exists(file)) {
            problems.add(file.getFileName() + ": missing");
            return null;
        }
        try {
            return readJson(file);
        } catch (InvalidInputException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static CsvTable readCsvOrNote(Path file, List<String> problems, boolean expected,
            Set<String> textColumns) {
        if (!Files.exists(file)) {
            if (expected) {
                problems.add(file.getFileName() + ": missing");
            }
            return null;
        }
        try {
            return readCsv(file, textColumns);
        } catch (InvalidInputException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /**
     * Checks that {@code directory} is a readable directory.
     *
     * @throws InvalidInputException when it is missing or a file
     */
    public static void requireDirectory(Path directory) {
        if (!Files.exists(directory)) {
            throw new InvalidInputException(directory + ": directory not found");
        }
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException(directory + " is a file; give a run directory or "
                    + "a sweep folder");
        }
    }
}
