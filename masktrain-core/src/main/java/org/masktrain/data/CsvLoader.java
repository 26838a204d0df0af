package org.masktrain.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.masktrain.InvalidInputException;
import org.masktrain.linalg.Matrix;

/**
 * Reads numeric comma-separated files into a matrix.
 *
 * <p>Fields are separated by commas, and spaces or tabs around a field are ignored. Every field
 * must be a finite decimal number such as {@code 3}, {@code -0.5} or {@code 1e-3}. A first line
 * in which no field is a number is taken as a header of column names. Any other non-numeric
 * field, an empty field, NaN, an infinity or a row with a different number of fields is
 * rejected with its line and column, both 1-based. Blank lines are skipped.
 */
public final class CsvLoader {

    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE =
            Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern OTHER_SEPARATOR = Pattern.compile("\\s*;\\s*|\\s+");
    private static final int MAX_SHOWN_CHARS = 40;
    /** The maximum line length in characters: room for a million numbers of 15 characters. */
    static final int MAX_LINE_CHARS = 1 << 24;

    private CsvLoader() {
    }

    /**
     * The numbers of a CSV file.
     *
     * @param values the loaded rows, {@code loadedRows x columns}
     * @param header the column names from the header line, or an empty list when there is none
     * @param totalRows the number of data rows in the file, including those not loaded
     */
    public record CsvTable(Matrix values, List<String> header, int totalRows) {

        /** Copies the header list. */
        public CsvTable {
            header = List.copyOf(header);
        }

        /** Returns whether the file started with a header line. */
        public boolean hasHeader() {
            return !header.isEmpty();
        }
    }

    /**
     * Reads the first {@code maxRows} data rows of a CSV file; the remaining lines are counted
     * but not parsed.
     *
     * @param file the file to read, UTF-8 or ASCII
     * @param maxRows the maximum number of data rows to load, at least 1
     * @return the table
     * @throws InvalidInputException when the file is empty or a field is invalid
     * @throws IOException when the file cannot be read
     */
    public static CsvTable read(Path file, int maxRows) throws IOException {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        }
        String source = file.toString();
        try {
            return readTable(file, source, maxRows);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(source + ": not UTF-8 or ASCII text (" + e + "); "
                    + "save the file as UTF-8 comma-separated numbers");
        }
    }

    private static CsvTable readTable(Path file, String source, int maxRows)
            throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = List.of();
            int columns = -1;
            int columnsLine = 0;
            double[] values = new double[1024];
            int loadedRows = 0;
            int totalRows = 0;
            int lineNumber = 0;
            String line;
            while ((line = readLine(reader, source, lineNumber + 1)) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                if (loadedRows == maxRows) {
                    totalRows++;
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (columns < 0 && header.isEmpty() && isHeader(fields)) {
                    header = headerNames(fields);
                    columns = fields.length;
                    columnsLine = lineNumber;
                    continue;
                }
                if (columns < 0) {
                    columns = fields.length;
                    columnsLine = lineNumber;
                } else if (fields.length != columns) {
                    throw new InvalidInputException(source + " line " + lineNumber
                            + ": expected " + columns + " fields, as on line " + columnsLine
                            + ", but found " + fields.length);
                }
                if ((long) (loadedRows + 1) * columns > Integer.MAX_VALUE - 8) {
                    throw new InvalidInputException(source + ": " + (loadedRows + 1) + " rows of "
                            + columns + " columns do not fit in one matrix; request fewer samples");
                }
                if (values.length < (loadedRows + 1) * columns) {
                    long grown = Math.max(2L * values.length, (long) (loadedRows + 1) * columns);
                    values = Arrays.copyOf(values, (int) Math.min(grown, Integer.MAX_VALUE - 8));
                }
                for (int column = 0; column < columns; column++) {
                    values[loadedRows * columns + column] =
                            parseField(fields[column], source, lineNumber, column + 1);
                }
                loadedRows++;
                totalRows++;
            }
            if (lineNumber == 0 || columns < 0) {
                throw new InvalidInputException(source + ": the file is empty; expected rows of "
                        + "comma-separated numbers");
            }
            if (loadedRows == 0) {
                throw new InvalidInputException(source + ": the file has a header line but no "
                        + "data rows");
            }
            Matrix matrix = new Matrix(loadedRows, columns,
                    Arrays.copyOf(values, loadedRows * columns));
            return new CsvTable(matrix, header, totalRows);
        }
    }

    /**
     * Returns the next line without its terminator ({@code \n}, {@code \r\n} or {@code \r}),
     * or null at the end of the file.
     *
     * @throws InvalidInputException when the line is longer than {@link #MAX_LINE_CHARS}
     */
    private static String readLine(BufferedReader reader, String source, int lineNumber)
            throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int next = reader.read();
            if (next < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (next == '\n') {
                return line.toString();
            }
            if (next == '\r') {
                reader.mark(1);
                if (reader.read() != '\n') {
                    reader.reset();
                }
                return line.toString();
            }
            if (line.length() == MAX_LINE_CHARS) {
                throw new InvalidInputException(source + " line " + lineNumber + ": longer than "
                        + MAX_LINE_CHARS + " characters; expected rows of comma-separated "
                        + "numbers");
            }
            line.append((char) next);
        }
    }

    private static boolean isHeader(String[] fields) {
        for (String field : fields) {
            String text = field.strip();
            if (DECIMAL.matcher(text).matches() || NON_FINITE.matcher(text).matches()
                    || hasOtherSeparator(text)) {
                return false;
            }
        }
        return true;
    }

    /** Returns whether {@code text} is several numbers split by semicolons or whitespace. */
    private static boolean hasOtherSeparator(String text) {
        String[] parts = OTHER_SEPARATOR.split(text);
        if (parts.length < 2) {
            return false;
        }
        for (String part : parts) {
            if (!DECIMAL.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> headerNames(String[] fields) {
        List<String> names = new ArrayList<>(fields.length);
        for (String field : fields) {
            String name = field.strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            names.add(name);
        }
        return names;
    }

    private static double parseField(String field, String source, int line, int column) {
        String text = field.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            // A quoted number is still a number.
            text = text.substring(1, text.length() - 1).strip();
        }
        String where = source + " line " + line + ", column " + column;
        if (text.isEmpty()) {
            throw new InvalidInputException(where + ": empty field; every field must be a number");
        }
        if (NON_FINITE.matcher(text).matches()) {
            throw new InvalidInputException(where + ": non-finite value '" + text
                    + "'; every value must be a finite number");
        }
        if (!DECIMAL.matcher(text).matches()) {
            String hint = text.contains(" ") || text.contains("\t") || text.contains(";")
                    ? " (fields must be separated by commas)"
                    : "; every field must be a number, so encode class names as integers "
                            + "0, 1, 2, ...";
            throw new InvalidInputException(where + ": not a number: '" + shorten(text) + "'"
                    + hint);
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw new InvalidInputException(where + ": value '" + shorten(text)
                    + "' is outside the range of a double");
        }
        return value;
    }

    private static String shorten(String text) {
        if (text.length() <= MAX_SHOWN_CHARS) {
            return text;
        }
        return text.substring(0, MAX_SHOWN_CHARS) + "...";
    }
}
