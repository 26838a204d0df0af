package org.masktrain.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.masktrain.linalg.Matrix;

/**
 * Writes NumPy {@code .npy} arrays: little-endian float64 ({@code <f8}) matrices and vectors,
 * and unsigned bytes ({@code |u1}) of any shape streamed from a callback, so that an array
 * larger than memory (such as every round's masks) never has to be held at once.
 *
 * <p>Arrays are written in C order with a format version 1.0 header, padded so that the data
 * starts at a multiple of 64 bytes as NumPy does; a header longer than 65535 bytes switches to
 * version 2.0.
 */
public final class NpyWriter {

    private static final int ALIGNMENT = 64;
    private static final int CHUNK_DOUBLES = 1 << 13;

    private NpyWriter() {
    }

    /**
     * Writes {@code matrix} as a 2-D {@code <f8} array to {@code file}, atomically.
     *
     * @param file the file to create or replace
     * @param matrix the matrix to write; not modified
     * @throws IOException when writing fails; the file is then unchanged
     */
    public static void write(Path file, Matrix matrix) throws IOException {
        AtomicFiles.write(file, out -> write(out, matrix));
    }

    /**
     * Writes {@code matrix} as a 2-D {@code <f8} array.
     *
     * @param out the stream to write to; not closed
     * @param matrix the matrix to write; not modified
     * @throws IOException when writing fails
     */
    public static void write(OutputStream out, Matrix matrix) throws IOException {
        writeFloat64(out, new long[] {matrix.rows(), matrix.cols()}, matrix.data());
    }

    /**
     * Writes {@code values} as a {@code <f8} array of the given shape.
     *
     * @param out the stream to write to; not closed
     * @param shape the array's shape, whose product must equal {@code values.length}
     * @param values the elements in C order; not modified
     * @throws IOException when writing fails
     */
    public static void writeFloat64(OutputStream out, long[] shape, double[] values)
            throws IOException {
        long count = checkedCount(shape);
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + NpyHeader.formatShape(shape) + " has "
                    + count + " elements, but " + values.length + " values were given");
        }
        writeHeader(out, "<f8", shape);
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_DOUBLES * Double.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < values.length; start += CHUNK_DOUBLES) {
            int end = Math.min(values.length, start + CHUNK_DOUBLES);
            buffer.clear();
            for (int i = start; i < end; i++) {
                buffer.putDouble(values[i]);
            }
            out.write(buffer.array(), 0, buffer.position());
        }
    }

    /**
     * Writes a {@code |u1} array of the given shape whose bytes, in C order, come from
     * {@code body}. The body must write exactly the product of {@code shape} bytes.
     *
     * @param out the stream to write to; not closed
     * @param shape the array's shape, for example {@code {rounds, subnetworks, neurons}}
     * @param body writes the elements to the stream it receives and must not close it
     * @throws IOException when writing fails
     * @throws IllegalStateException when the body writes more or fewer bytes than the shape needs
     */
    public static void writeUint8(OutputStream out, long[] shape, IoConsumer<OutputStream> body)
            throws IOException {
        long count = checkedCount(shape);
        writeHeader(out, "|u1", shape);
        CountingStream counted = new CountingStream(out, count, shape);
        body.accept(counted);
        if (counted.written != count) {
            throw new IllegalStateException("the body wrote " + counted.written + " bytes for a |u1"
                    + " array of shape " + NpyHeader.formatShape(shape) + ", which needs "
                    + count);
        }
    }

    /**
     * Writes the magic string, version and padded header dict of a C-order array.
     *
     * @param out the stream to write to; not closed
     * @param descr the NumPy type string, for example {@code <f8}
     * @param shape the array's shape
     * @throws IOException when writing fails
     */
    public static void writeHeader(OutputStream out, String descr, long[] shape)
            throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': "
                + NpyHeader.formatShape(shape) + ", }";
        byte[] dictBytes = dict.getBytes(StandardCharsets.ISO_8859_1);

        int lengthBytes = 2;
        int major = 1;
        int unpadded = NpyReader.MAGIC.length + 2 + lengthBytes + dictBytes.length + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        if (dictBytes.length + padding + 1 > 0xFFFF) {
            lengthBytes = 4;
            major = 2;
            unpadded = NpyReader.MAGIC.length + 2 + lengthBytes + dictBytes.length + 1;
            padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        }
        int headerLength = dictBytes.length + padding + 1;

        ByteBuffer prefix = ByteBuffer.allocate(NpyReader.MAGIC.length + 2 + lengthBytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        prefix.put(NpyReader.MAGIC).put((byte) major).put((byte) 0);
        if (lengthBytes == 2) {
            prefix.putShort((short) headerLength);
        } else {
            prefix.putInt(headerLength);
        }
        out.write(prefix.array());
        out.write(dictBytes);
        out.write(" ".repeat(padding).getBytes(StandardCharsets.ISO_8859_1));
        out.write('\n');
    }

    private static long checkedCount(long[] shape) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException(
                        "negative dimension in shape " + NpyHeader.formatShape(shape));
            }
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    /** Counts bytes, rejects writes past the expected total and ignores {@code close()}. */
    private static final class CountingStream extends FilterOutputStream {

        private final long expected;
        private final long[] shape;
        private long written;

        CountingStream(OutputStream out, long expected, long[] shape) {
            super(out);
            this.expected = expected;
            this.shape = shape;
        }

        @Override
        public void write(int b) throws IOException {
            reserve(1);
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            reserve(length);
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }

        private void reserve(int length) {
            if (written + length > expected) {
                throw new IllegalStateException("the body wrote more than the " + expected
                        + " bytes of a |u1 array of shape " + NpyHeader.formatShape(shape));
            }
            written += length;
        }
    }
}
