package org.masktrain.io;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.masktrain.linalg.Matrix;

/**
 * Writes NumPy {@code .npz} archives entry by entry, so arrays larger than memory can be
 * streamed in (see {@link #putUint8}). {@code numpy.load} reads the result; each array is stored
 * as the deflated entry {@code key.npy}, with Zip64 records added by {@link ZipOutputStream}
 * when an entry passes 4 GiB.
 *
 * <p>Use {@link #write(Path, IoConsumer)} to write a file atomically. Instances are not
 * thread-safe.
 */
public final class NpzWriter implements Closeable {

    private final ZipOutputStream zip;
    private final Set<String> keys = new HashSet<>();
    private boolean finished;

    /**
     * Starts an archive on {@code out} with the fastest deflate level, which suits mask arrays
     * of zeros and ones.
     *
     * @param out the stream to write to; {@link #finish()} leaves it open, {@link #close()}
     *     closes it
     */
    public NpzWriter(OutputStream out) {
        this(out, Deflater.BEST_SPEED);
    }

    /**
     * Starts an archive on {@code out}.
     *
     * @param out the stream to write to; {@link #finish()} leaves it open, {@link #close()}
     *     closes it
     * @param compressionLevel the deflate level, 0 (none) to 9 (smallest)
     */
    public NpzWriter(OutputStream out, int compressionLevel) {
        if (compressionLevel < 0 || compressionLevel > 9) {
            throw new IllegalArgumentException(
                    "compression level must be in [0, 9], got " + compressionLevel);
        }
        this.zip = new ZipOutputStream(out);
        this.zip.setLevel(compressionLevel);
    }

    /**
     * Writes an archive to {@code file} atomically: the file appears only when {@code body}
     * returns normally.
     *
     * @param file the file to create or replace
     * @param body adds the arrays; it must not call {@link #close()}
     * @throws IOException when writing fails; the file is then unchanged
     */
    public static void write(Path file, IoConsumer<NpzWriter> body) throws IOException {
        AtomicFiles.write(file, out -> {
            NpzWriter writer = new NpzWriter(out);
            body.accept(writer);
            writer.finish();
        });
    }

    /**
     * Adds {@code matrix} as a 2-D {@code <f8} array.
     *
     * @param key the array's name; letters, digits, '_', '-' and '.'
     * @param matrix the matrix; not modified
     * @throws IOException when writing fails
     */
    public void putMatrix(String key, Matrix matrix) throws IOException {
        putFloat64(key, new long[] {matrix.rows(), matrix.cols()}, matrix.data());
    }

    /**
     * Adds a {@code <f8} array of the given shape.
     *
     * @param key the array's name; letters, digits, '_', '-' and '.'
     * @param shape the array's shape, whose product must equal {@code values.length}
     * @param values the elements in C order; not modified
     * @throws IOException when writing fails
     */
    public void putFloat64(String key, long[] shape, double[] values) throws IOException {
        startEntry(key);
        NpyWriter.writeFloat64(new EntryStream(zip), shape, values);
        zip.closeEntry();
    }

    /**
     * Adds a {@code |u1} array whose bytes, in C order, come from {@code body}; only the
     * deflater's buffer is held in memory.
     *
     * @param key the array's name; letters, digits, '_', '-' and '.'
     * @param shape the array's shape, for example {@code {rounds, subnetworks, neurons}}
     * @param body writes exactly the product of {@code shape} bytes and must not close the stream
     * @throws IOException when writing fails
     * @throws IllegalStateException when the body writes more or fewer bytes than the shape needs
     */
    public void putUint8(String key, long[] shape, IoConsumer<OutputStream> body)
            throws IOException {
        startEntry(key);
        NpyWriter.writeUint8(new EntryStream(zip), shape, body);
        zip.closeEntry();
    }

    /**
     * Writes the zip central directory and leaves the underlying stream open.
     *
     * @throws IOException when writing fails
     */
    public void finish() throws IOException {
        if (!finished) {
            zip.finish();
            finished = true;
        }
    }

    /** Finishes the archive and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        finish();
        zip.close();
    }

    private void startEntry(String key) throws IOException {
        if (finished) {
            throw new IllegalStateException("the archive is already finished");
        }
        if (key.isEmpty() || !key.matches("[A-Za-z0-9_.\\-]+")) {
            throw new IllegalArgumentException("invalid array name '" + key + "': use letters, "
                    + "digits, '_', '-' and '.'");
        }
        if (!keys.add(key)) {
            throw new IllegalArgumentException("duplicate array name '" + key + "'");
        }
        zip.putNextEntry(new ZipEntry(key + ".npy"));
    }

    /** Forwards writes to the current zip entry and ignores {@code close()}. */
    private static final class EntryStream extends FilterOutputStream {

        EntryStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() {
            // The entry is closed by the writer, not by the code that fills it.
        }
    }
}
