package org.masktrain.run;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.masktrain.InvalidInputException;
import org.masktrain.io.AtomicFiles;

/**
 * Cuts a run's CSV files back to the rows of the rounds a checkpoint contains, so a resumed run
 * appends to whole lines and ends with the same files as a run that never stopped. A row cut
 * short by a kill is dropped with the rows after it. The files are rewritten atomically and
 * read with a bound on the line length, so a damaged file cannot make the reader hold more
 * than one line.
 */
final class RunLogs {

    /** The maximum CSV line length accepted, in bytes. */
    static final int MAX_LINE_BYTES = 1 << 16;

    private RunLogs() {
    }

    /**
     * Keeps the header and the rows of rounds 0 .. {@code round} of metrics.csv, whose loss
     * fields must equal {@code losses} as {@link Double#toString(double)} writes them.
     *
     * @throws InvalidInputException when the header differs, a row is missing, cut short, out
     *     of order, or its loss differs from the checkpoint's
     */
    static void truncateMetrics(Path file, String header, double[] losses) throws IOException {
        int round = losses.length - 1;
        AtomicFiles.write(file, out -> {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                copyHeader(file, in, out, header);
                for (int k = 0; k <= round; k++) {
                    String line = readLine(file, in, k + 2);
                    if (line != null && !line.matches("\\d+,.*")) {
                        throw new InvalidInputException(file + ": line " + (k + 2) + " '"
                                + shorten(line) + "' is malformed: expected the round number "
                                + k + " and a comma; the file was changed after it was written");
                    }
                    if (line == null || !line.startsWith(k + ",")) {
                        throw new InvalidInputException(file + ": row of round " + k + " is "
                                + (line == null ? "missing or cut short" : "'" + shorten(line)
                                        + "'") + ", but the checkpoint is at round " + round);
                    }
                    String[] fields = line.split(",", 3);
                    if (fields.length < 3 || !fields[1].equals(Double.toString(losses[k]))) {
                        throw new InvalidInputException(file + ": the loss of round " + k
                                + " in '" + shorten(line) + "' differs from the checkpoint's "
                                + losses[k] + "; the file was changed after it was written");
                    }
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        });
    }

    /**
     * Keeps the header and the first {@code rows} rows of local.csv, which must all belong to
     * rounds before {@code round}.
     *
     * @throws InvalidInputException when the header differs, a row is missing, cut short or
     *     belongs to a later round
     */
    static void truncateLocal(Path file, String header, int round, long rows)
            throws IOException {
        AtomicFiles.write(file, out -> {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                copyHeader(file, in, out, header);
                for (long row = 0; row < rows; row++) {
                    String line = readLine(file, in, row + 2);
                    int comma = line == null ? -1 : line.indexOf(',');
                    int lineRound = comma < 1 ? -1 : parseRound(line.substring(0, comma));
                    if (lineRound < 0 || lineRound >= round) {
                        throw new InvalidInputException(file + ": line " + (row + 2) + " is "
                                + (line == null ? "missing or cut short" : "'" + shorten(line)
                                        + "'") + ", but the checkpoint at round " + round
                                + " needs " + rows + " rows of earlier rounds");
                    }
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        });
    }

    private static void copyHeader(Path file, InputStream in, OutputStream out, String header)
            throws IOException {
        String line = readLine(file, in, 1);
        if (line == null || !(line + "\n").equals(header)) {
            throw new InvalidInputException(file + ": the header is "
                    + (line == null ? "missing" : "'" + shorten(line) + "'") + "; expected '"
                    + header.strip() + "'");
        }
        out.write(header.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the next line without its '\n', or null at the end or at a line cut short. */
    private static String readLine(Path file, InputStream in, long lineNumber)
            throws IOException {
        byte[] buffer = new byte[256];
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                return new String(buffer, 0, length, StandardCharsets.UTF_8);
            }
            if (length == MAX_LINE_BYTES) {
                throw new InvalidInputException(file + ": line " + lineNumber + " is longer "
                        + "than " + MAX_LINE_BYTES + " bytes; the file is damaged");
            }
            if (length == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            buffer[length++] = (byte) b;
        }
    }

    private static int parseRound(String text) {
        if (text.isEmpty() || text.length() > 10) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        long value = Long.parseLong(text);
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    private static String shorten(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
