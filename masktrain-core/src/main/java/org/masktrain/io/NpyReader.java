package org.masktrain.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.masktrain.InvalidInputException;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0) into {@link NpyArray}.
 *
 * <p>Every element type in {@link NpyDtype} is converted to {@code double}; C and Fortran order
 * are both accepted. The shape in the header must match the number of bytes that follow it
 * exactly, and this is checked before any data array is allocated, so a header that claims more
 * data than the file contains is rejected at once. Malformed input raises
 * {@link InvalidInputException} with a one-line message that starts with the file name.
 */
public final class NpyReader {

    /** The six bytes that start every {@code .npy} file. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** The largest array length the JVM reliably allocates. */
    static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    // NumPy 1.24 rejects headers above 10000 bytes by default (_MAX_HEADER_SIZE in
    // numpy/lib/format.py). This larger bound still caps what a corrupt length field allocates.
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int CHUNK_BYTES = 1 << 16;
    private static final int PREFIX_BYTES = 8;

    private NpyReader() {
    }

    /**
     * Reads a whole {@code .npy} file.
     *
     * @param file the file to read
     * @return the array in C order
     * @throws InvalidInputException when the file is not a valid {@code .npy} file
     * @throws IOException when the file cannot be opened or read
     */
    public static NpyArray read(Path file) throws IOException {
        return read(file, Long.MAX_VALUE);
    }

    /**
     * Reads at most the first {@code maxRows} entries along the first axis of a {@code .npy}
     * file. The header is still checked against the size of the whole file.
     *
     * @param file the file to read
     * @param maxRows the maximum number of rows (first-axis entries) to load, at least 1
     * @return the loaded rows in C order
     * @throws InvalidInputException when the file is not a valid {@code .npy} file
     * @throws IOException when the file cannot be opened or read
     */
    public static NpyArray read(Path file, long maxRows) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK_BYTES)) {
            return read(in, file.toString(), size, maxRows);
        }
    }

    /**
     * Reads an {@code .npy} array from a stream whose total length is known.
     *
     * @param in the stream, positioned at the magic string; not closed
     * @param source the file or archive entry, named in error messages
     * @param sizeBytes the number of bytes in the stream from its current position
     * @param maxRows the maximum number of rows (first-axis entries) to load, at least 1
     * @return the loaded rows in C order
     * @throws InvalidInputException when the content is not a valid {@code .npy} array
     * @throws IOException when reading fails
     */
    public static NpyArray read(InputStream in, String source, long sizeBytes, long maxRows)
            throws IOException {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        }
        HeaderAndOffset start = readHeader(in, source, sizeBytes);
        NpyHeader header = start.header();
        long dataBytes = sizeBytes - start.dataOffset();

        // Size checks, all before allocating the data array.
        long count = header.elementCount();
        long needed = count < 0 || count > Long.MAX_VALUE / header.dtype().itemSize()
                ? -1 : count * header.dtype().itemSize();
        if (needed < 0 || needed > dataBytes) {
            throw new InvalidInputException(source + ": header shape " + header.shapeText()
                    + " with dtype '" + header.descr() + "' needs "
                    + (needed < 0 ? "more than 2^63" : Long.toString(needed))
                    + " bytes of data, but only " + dataBytes + " bytes follow the header"
                    + " (truncated file or wrong shape)");
        }
        if (needed < dataBytes) {
            throw new InvalidInputException(source + ": header shape " + header.shapeText()
                    + " with dtype '" + header.descr() + "' needs " + needed + " bytes of data,"
                    + " but " + dataBytes + " bytes follow the header (shape does not match"
                    + " the data)");
        }
        long[] loadedShape = header.shape().clone();
        if (loadedShape.length > 0) {
            loadedShape[0] = Math.min(loadedShape[0], maxRows);
        }
        long loadedCount = 1;
        for (long dimension : loadedShape) {
            loadedCount *= dimension;
        }
        if (loadedCount > MAX_ARRAY_LENGTH) {
            throw new InvalidInputException(source + ": array of shape "
                    + NpyHeader.formatShape(loadedShape) + " has " + loadedCount
                    + " elements, more than the " + MAX_ARRAY_LENGTH + " that can be loaded");
        }

        double[] data = new double[(int) loadedCount];
        if (header.fortranOrder() && header.ndim() > 1) {
            readFortran(in, source, header, loadedShape, data);
        } else {
            readInOrder(in, source, header, data);
        }
        return new NpyArray(header, loadedShape, data);
    }

    /**
     * Reads and parses the magic string, version, header length and header dict.
     *
     * @param in the stream, positioned at the magic string; not closed
     * @param source the file or archive entry, named in error messages
     * @param sizeBytes the number of bytes in the stream
     * @return the header and the offset of the first data byte
     */
    static HeaderAndOffset readHeader(InputStream in, String source, long sizeBytes)
            throws IOException {
        byte[] prefix = in.readNBytes(PREFIX_BYTES);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= prefix.length || prefix[i] != MAGIC[i]) {
                throw new InvalidInputException(source + ": not a NumPy .npy file (bad magic: "
                        + "expected \\x93NUMPY, found " + escape(prefix, MAGIC.length) + ")");
            }
        }
        if (prefix.length < PREFIX_BYTES) {
            throw new InvalidInputException(source + ": truncated .npy header: the file ends "
                    + "after " + prefix.length + " bytes");
        }

        int major = prefix[6] & 0xFF;
        int minor = prefix[7] & 0xFF;
        int lengthBytes;
        if (major == 1) {
            lengthBytes = 2;
        } else if (major == 2 || major == 3) {
            lengthBytes = 4;
        } else {
            throw new InvalidInputException(source + ": unsupported .npy format version " + major
                    + "." + minor + "; supported versions are 1.0, 2.0 and 3.0");
        }
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw new InvalidInputException(source + ": truncated .npy header: the file ends "
                    + "inside the header length field");
        }
        long headerLength = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (lengthField[i] & 0xFF);
        }
        long dataOffset = PREFIX_BYTES + lengthBytes + headerLength;
        if (dataOffset > sizeBytes) {
            throw new InvalidInputException(source + ": truncated .npy header: the header "
                    + "length field says " + headerLength + " bytes, but the file has only "
                    + (sizeBytes - PREFIX_BYTES - lengthBytes) + " bytes after it");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new InvalidInputException(source + ": .npy header of " + headerLength
                    + " bytes is longer than the " + MAX_HEADER_BYTES + " bytes accepted");
        }

        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new InvalidInputException(source + ": truncated .npy header: the file ends "
                    + "after " + (PREFIX_BYTES + lengthBytes + headerBytes.length) + " bytes");
        }
        // Versions 1.0 and 2.0 encode the header in Latin-1, version 3.0 in UTF-8.
        String text = new String(headerBytes,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return new HeaderAndOffset(NpyHeader.parse(text, source), dataOffset);
    }

    /** Reads C-order data, or 1-D data in either order, stopping once {@code data} is full. */
    private static void readInOrder(InputStream in, String source, NpyHeader header,
            double[] data) throws IOException {
        NpyDtype dtype = header.dtype();
        int itemSize = dtype.itemSize();
        byte[] chunk = new byte[CHUNK_BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(header.byteOrder());
        int filled = 0;
        while (filled < data.length) {
            int elements = Math.min(CHUNK_BYTES / itemSize, data.length - filled);
            readChunk(in, source, header, chunk, elements * itemSize, (long) filled * itemSize);
            buffer.clear();
            for (int k = 0; k < elements; k++) {
                data[filled++] = dtype.read(buffer);
            }
        }
    }

    /**
     * Reads Fortran-order data (first axis fastest) of two or more axes and stores the elements
     * whose first index is below {@code loadedShape[0]} at their C-order position.
     */
    private static void readFortran(InputStream in, String source, NpyHeader header,
            long[] loadedShape, double[] data) throws IOException {
        NpyDtype dtype = header.dtype();
        int itemSize = dtype.itemSize();
        long[] shape = header.shape();
        int ndim = shape.length;
        long total = header.elementCount();

        long[] cStrides = new long[ndim];
        long stride = 1;
        for (int axis = ndim - 1; axis >= 0; axis--) {
            cStrides[axis] = stride;
            stride *= loadedShape[axis];
        }

        long[] index = new long[ndim];
        byte[] chunk = new byte[CHUNK_BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(header.byteOrder());
        long done = 0;
        while (done < total) {
            int elements = (int) Math.min(CHUNK_BYTES / itemSize, total - done);
            readChunk(in, source, header, chunk, elements * itemSize, done * itemSize);
            buffer.clear();
            for (int k = 0; k < elements; k++) {
                double value = dtype.read(buffer);
                if (index[0] < loadedShape[0]) {
                    long target = 0;
                    for (int axis = 0; axis < ndim; axis++) {
                        target += index[axis] * cStrides[axis];
                    }
                    data[(int) target] = value;
                }
                // Advance the multi-index with the first axis fastest.
                for (int axis = 0; axis < ndim; axis++) {
                    if (++index[axis] < shape[axis]) {
                        break;
                    }
                    index[axis] = 0;
                }
            }
            done += elements;
        }
    }

    private static void readChunk(InputStream in, String source, NpyHeader header, byte[] chunk,
            int length, long offset) throws IOException {
        int got = in.readNBytes(chunk, 0, length);
        if (got < length) {
            long needed = header.elementCount() * header.dtype().itemSize();
            throw new InvalidInputException(source + ": truncated data: header shape "
                    + header.shapeText() + " with dtype '" + header.descr() + "' needs "
                    + needed + " bytes of data, but the data ends after " + (offset + got)
                    + " bytes");
        }
    }

    private static String escape(byte[] bytes, int limit) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < Math.min(bytes.length, limit); i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return text.append('"').toString();
    }

    /**
     * A parsed header and the byte offset at which the data starts.
     *
     * @param header the header
     * @param dataOffset the number of bytes before the first data byte
     */
    record HeaderAndOffset(NpyHeader header, long dataOffset) {
    }
}
