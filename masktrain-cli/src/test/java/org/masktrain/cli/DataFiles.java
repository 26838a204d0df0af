package org.masktrain.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.masktrain.io.NpyWriter;
import org.masktrain.io.NpzWriter;
import org.masktrain.linalg.Matrix;

/** Writers of small data files in the formats the tool reads: IDX, CSV, .npy and .npz. */
final class DataFiles {

    /** Magic number of an unsigned-byte IDX images file (three dimensions). */
    static final int IDX_IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte IDX labels file (one dimension). */
    static final int IDX_LABELS_MAGIC = 0x00000801;
    /** File name of the training images in a Fashion-MNIST directory, gzip-compressed. */
    static final String IMAGES_GZ = "train-images-idx3-ubyte.gz";
    /** File name of the training labels in a Fashion-MNIST directory, gzip-compressed. */
    static final String LABELS_GZ = "train-labels-idx1-ubyte.gz";
    /** File name of the training images in a Fashion-MNIST directory, uncompressed. */
    static final String IMAGES_PLAIN = "train-images-idx3-ubyte";
    /** File name of the training labels in a Fashion-MNIST directory, uncompressed. */
    static final String LABELS_PLAIN = "train-labels-idx1-ubyte";

    private DataFiles() {
    }

    /**
     * Returns an IDX images file: the header declares {@code declared} images of
     * {@code rows x cols}, and {@code stored} images of random pixels follow.
     */
    static byte[] idxImages(int magic, int declared, int stored, int rows, int cols, long seed) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + stored * rows * cols);
        buffer.putInt(magic).putInt(declared).putInt(rows).putInt(cols);
        SplittableRandom random = new SplittableRandom(seed);
        while (buffer.hasRemaining()) {
            // Pixels 1..255, so no image is all zero.
            buffer.put((byte) (1 + random.nextInt(255)));
        }
        return buffer.array();
    }

    /** Returns an IDX labels file with {@code count} labels cycling through 0..classes-1. */
    static byte[] idxLabels(int count, int classes) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + count);
        buffer.putInt(IDX_LABELS_MAGIC).putInt(count);
        for (int i = 0; i < count; i++) {
            buffer.put((byte) (i % classes));
        }
        return buffer.array();
    }

    /** Returns {@code content} compressed with gzip. */
    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes a Fashion-MNIST style directory with gzip IDX files of {@code count} random 6 x 6
     * images and their labels, and returns the directory.
     */
    static Path gzipIdxDirectory(Path directory, int count) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve(IMAGES_GZ),
                gzip(idxImages(IDX_IMAGES_MAGIC, count, count, 6, 6, 11)));
        Files.write(directory.resolve(LABELS_GZ), gzip(idxLabels(count, 3)));
        return directory;
    }

    /** Writes {@code lines} to {@code file}, each followed by a line feed, and returns it. */
    static Path writeLines(Path file, String... lines) throws IOException {
        Files.write(file, List.of(lines));
        return file;
    }

    /**
     * Returns CSV rows of {@code features} random values in (0, 1) and an integer class label
     * in 0..classes-1 as the last column. Random values with six decimals make duplicate and
     * co-aligned rows practically impossible.
     */
    static List<String> randomCsvRows(int count, int features, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder row = new StringBuilder();
            for (int k = 0; k < features; k++) {
                row.append(String.format(Locale.ROOT, "%.6f,", 0.05 + 0.9 * random.nextDouble()));
            }
            row.append(i % classes);
            rows.add(row.toString());
        }
        return rows;
    }

    /** Writes {@link #randomCsvRows} to {@code file} and returns it. */
    static Path randomCsv(Path file, int count, int features, int classes, long seed)
            throws IOException {
        Files.write(file, randomCsvRows(count, features, classes, seed));
        return file;
    }

    /** Writes an .npz archive of two float64 arrays, in this order, and returns the file. */
    static Path npz(Path file, String firstKey, Matrix first, String secondKey, Matrix second)
            throws IOException {
        NpzWriter.write(file, archive -> {
            archive.putMatrix(firstKey, first);
            archive.putMatrix(secondKey, second);
        });
        return file;
    }

    /** Writes {@code matrix} as a 2-D float64 .npy file and returns the file. */
    static Path npy(Path file, Matrix matrix) throws IOException {
        NpyWriter.write(file, matrix);
        return file;
    }

    /** Returns a {@code rows x cols} matrix of random values in (0, 1). */
    static Matrix randomMatrix(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[rows * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = 0.05 + 0.9 * random.nextDouble();
        }
        return new Matrix(rows, cols, values);
    }

    /** Returns a {@code rows x 1} column of class labels cycling through 0..classes-1. */
    static Matrix labelColumn(int rows, int classes) {
        double[] values = new double[rows];
        for (int i = 0; i < rows; i++) {
            values[i] = i % classes;
        }
        return new Matrix(rows, 1, values);
    }
}
