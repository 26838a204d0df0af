package org.masktrain.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.masktrain.InvalidInputException;
import org.masktrain.linalg.Matrix;

/**
 * Reads unsigned-byte IDX files, the format of MNIST and Fashion-MNIST: images with magic
 * number {@code 0x00000803} (n x rows x cols) and labels with {@code 0x00000801} (n).
 * All integers in the header are big-endian.
 *
 * <p>Files may be gzip-compressed; compression is detected from the gzip magic bytes
 * {@code 1f 8b}, not from the file name. Only the header and the first {@code maxSamples}
 * items are read. For an uncompressed file the header is also checked against the file size,
 * so a truncated file is reported even when only its first items are needed.
 */
public final class IdxReader {

    /** Magic number of an unsigned-byte IDX file with three dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte IDX file with one dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int BUFFER_BYTES = 1 << 16;
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /** Values allocated before any data is read; the array doubles from there. */
    private static final int INITIAL_VALUES = 1 << 20;
    private static final String REDOWNLOAD = "; re-download the file";

    private IdxReader() {
    }

    /**
     * Images read from an IDX file, one flattened image per row with pixel values 0..255.
     *
     * @param availableImages the number of images the header declares
     * @param rows the image height in pixels
     * @param cols the image width in pixels
     * @param pixels a {@code loaded x (rows * cols)} matrix, rows of each image concatenated
     */
    public record Images(int availableImages, int rows, int cols, Matrix pixels) {
    }

    /**
     * Labels read from an IDX file.
     *
     * @param availableLabels the number of labels the header declares
     * @param labels the loaded labels, 0..255
     */
    public record Labels(int availableLabels, int[] labels) {
    }

    /**
     * Reads up to {@code maxSamples} images from a file.
     *
     * @param file an IDX images file, plain or gzip-compressed
     * @param maxSamples the maximum number of images to load, at least 1
     * @return the images
     * @throws InvalidInputException when the file is not a valid IDX images file
     * @throws IOException when the file cannot be opened or read
     */
    public static Images readImages(Path file, int maxSamples) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readImages(in, file.toString(), Files.size(file), maxSamples);
        }
    }

    /**
     * Reads up to {@code maxSamples} labels from a file.
     *
     * @param file an IDX labels file, plain or gzip-compressed
     * @param maxSamples the maximum number of labels to load, at least 1
     * @return the labels
     * @throws InvalidInputException when the file is not a valid IDX labels file
     * @throws IOException when the file cannot be opened or read
     */
    public static Labels readLabels(Path file, int maxSamples) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readLabels(in, file.toString(), Files.size(file), maxSamples);
        }
    }

    /**
     * Reads up to {@code maxSamples} images from a stream.
     *
     * @param in the stream, at the start of the file; not closed
     * @param source the file or resource name, used in error messages
     * @param sizeBytes the stream's length in bytes, or -1 when unknown
     * @param maxSamples the maximum number of images to load, at least 1
     * @return the images
     * @throws InvalidInputException when the content is not a valid IDX images file
     * @throws IOException when reading fails
     */
    public static Images readImages(InputStream in, String source, long sizeBytes,
            int maxSamples) throws IOException {
        checkMaxSamples(maxSamples);
        Content content = open(in, source);
        try {
            int magic = content.readInt(source, "header");
            checkMagic(source, magic, IMAGES_MAGIC, "images");
            long count = content.readUnsignedInt(source, "header");
            long rows = content.readUnsignedInt(source, "header");
            long cols = content.readUnsignedInt(source, "header");
            String declared = "header declares " + count + " images of " + rows + " x " + cols;
            // rows and cols are below 2^32, so compare by division: their product can pass 2^63.
            if (count > Integer.MAX_VALUE || rows == 0 || cols == 0
                    || rows > Integer.MAX_VALUE / cols) {
                throw new InvalidInputException(source + ": invalid IDX header: " + declared);
            }
            checkPlainSize(content, source, sizeBytes, 16 + count * rows * cols, declared);

            int loaded = (int) Math.min(count, maxSamples);
            int pixelsPerImage = (int) (rows * cols);
            if ((long) loaded * pixelsPerImage > MAX_ARRAY_LENGTH) {
                throw new InvalidInputException(source + ": " + loaded + " images of " + rows
                        + " x " + cols + " do not fit in one matrix; request fewer samples");
            }
            double[] pixels = content.readUnsignedBytes(loaded * pixelsPerImage, source,
                    declared);
            return new Images((int) count, (int) rows, (int) cols,
                    new Matrix(loaded, pixelsPerImage, pixels));
        } catch (ZipException e) {
            throw corruptGzip(source, content, e);
        }
    }

    /**
     * Reads up to {@code maxSamples} labels from a stream.
     *
     * @param in the stream, at the start of the file; not closed
     * @param source the file or resource name, used in error messages
     * @param sizeBytes the stream's length in bytes, or -1 when unknown
     * @param maxSamples the maximum number of labels to load, at least 1
     * @return the labels
     * @throws InvalidInputException when the content is not a valid IDX labels file
     * @throws IOException when reading fails
     */
    public static Labels readLabels(InputStream in, String source, long sizeBytes,
            int maxSamples) throws IOException {
        checkMaxSamples(maxSamples);
        Content content = open(in, source);
        try {
            int magic = content.readInt(source, "header");
            checkMagic(source, magic, LABELS_MAGIC, "labels");
            long count = content.readUnsignedInt(source, "header");
            String declared = "header declares " + count + " labels";
            if (count > Integer.MAX_VALUE) {
                throw new InvalidInputException(source + ": invalid IDX header: " + declared);
            }
            checkPlainSize(content, source, sizeBytes, 8 + count, declared);

            int loaded = (int) Math.min(count, maxSamples);
            double[] values = content.readUnsignedBytes(loaded, source, declared);
            int[] labels = new int[loaded];
            for (int i = 0; i < loaded; i++) {
                labels[i] = (int) values[i];
            }
            return new Labels((int) count, labels);
        } catch (ZipException e) {
            throw corruptGzip(source, content, e);
        }
    }

    /**
     * Returns the IDX magic number at the start of {@code file}, decompressing gzip first, or
     * -1 when the file is shorter than four bytes or not valid gzip.
     *
     * @param file the file to inspect
     * @return the magic number, or -1
     * @throws IOException when the file cannot be read
     */
    public static int peekMagic(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            Content content = open(raw, file.toString());
            byte[] head = content.counter.readNBytes(4);
            if (head.length < 4) {
                return -1;
            }
            return ((head[0] & 0xFF) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8)
                    | (head[3] & 0xFF);
        } catch (ZipException | EOFException e) {
            return -1;
        }
    }

    private static void checkMaxSamples(int maxSamples) {
        if (maxSamples < 1) {
            throw new IllegalArgumentException("maxSamples must be >= 1, got " + maxSamples);
        }
    }

    private static void checkMagic(String source, int magic, int expected, String kind) {
        if (magic == expected) {
            return;
        }
        String found = String.format("0x%08X", magic);
        String wanted = String.format("0x%08X", expected);
        if (magic == IMAGES_MAGIC || magic == LABELS_MAGIC) {
            String other = magic == IMAGES_MAGIC ? "images" : "labels";
            throw new InvalidInputException(source + ": this is an IDX " + other + " file (magic "
                    + found + "), but an IDX " + kind + " file (magic " + wanted
                    + ") is needed here");
        }
        if ((magic >>> 16) == 0 && ((magic >>> 8) & 0xFF) != 0x08) {
            throw new InvalidInputException(source + ": unsupported IDX element type "
                    + String.format("0x%02X", (magic >>> 8) & 0xFF) + " (magic " + found
                    + "); only unsigned bytes (0x08) are supported");
        }
        throw new InvalidInputException(source + ": not an IDX " + kind + " file: magic number "
                + found + ", expected " + wanted);
    }

    private static void checkPlainSize(Content content, String source, long sizeBytes,
            long expectedBytes, String declared) {
        if (!content.gzip && sizeBytes >= 0 && sizeBytes < expectedBytes) {
            throw new InvalidInputException(source + ": truncated IDX data: " + declared
                    + " but the file ends after " + sizeBytes + " bytes" + REDOWNLOAD);
        }
    }

    private static InvalidInputException corruptGzip(String source, Content content,
            ZipException e) {
        return new InvalidInputException(source + ": corrupt gzip data after "
                + content.counter.count + " decompressed bytes (" + e.getMessage() + ")"
                + REDOWNLOAD);
    }

    /** Wraps {@code in} in a decompressor when it starts with the gzip magic bytes. */
    private static Content open(InputStream in, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_BYTES);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        boolean gzip = first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2;
        InputStream decoded = buffered;
        if (gzip) {
            try {
                decoded = new BufferedInputStream(new GZIPInputStream(buffered, BUFFER_BYTES),
                        BUFFER_BYTES);
            } catch (EOFException e) {
                throw new InvalidInputException(source + ": truncated gzip header" + REDOWNLOAD);
            } catch (ZipException e) {
                throw new InvalidInputException(source + ": corrupt gzip header ("
                        + e.getMessage() + ")" + REDOWNLOAD);
            }
        }
        return new Content(new CountingStream(decoded), gzip);
    }

    /** The decoded content of an IDX file and how many bytes of it have been read. */
    private static final class Content {

        final CountingStream counter;
        final boolean gzip;

        Content(CountingStream counter, boolean gzip) {
            this.counter = counter;
            this.gzip = gzip;
        }

        int readInt(String source, String part) throws IOException {
            byte[] bytes = readExactly(4, source, part);
            return ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16)
                    | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        }

        long readUnsignedInt(String source, String part) throws IOException {
            return readInt(source, part) & 0xFFFFFFFFL;
        }

        /**
         * Returns the next {@code length} bytes, each as a value 0..255. The array grows as
         * data arrives, so a header that claims more data than a gzip stream contains fails
         * with the data read so far, not with an allocation of the claimed size.
         */
        double[] readUnsignedBytes(int length, String source, String declared)
                throws IOException {
            double[] target = new double[Math.min(length, INITIAL_VALUES)];
            byte[] chunk = new byte[BUFFER_BYTES];
            int filled = 0;
            while (filled < length) {
                int wanted = Math.min(chunk.length, length - filled);
                int got = readSome(chunk, wanted, source, declared);
                if (got < wanted) {
                    String where = gzip
                            ? "the decompressed data ends after " : "the file ends after ";
                    throw new InvalidInputException(source + ": truncated IDX data: " + declared
                            + " but " + where + counter.count + " bytes" + REDOWNLOAD);
                }
                if (filled + got > target.length) {
                    long grown = Math.max(2L * target.length, (long) filled + got);
                    target = Arrays.copyOf(target, (int) Math.min(grown, length));
                }
                for (int k = 0; k < got; k++) {
                    target[filled++] = chunk[k] & 0xFF;
                }
            }
            return target;
        }

        private byte[] readExactly(int length, String source, String part) throws IOException {
            byte[] bytes = new byte[length];
            int got = readSome(bytes, length, source, "the " + part + " is incomplete");
            if (got < length) {
                throw new InvalidInputException(source + ": truncated IDX " + part + ": the "
                        + (gzip ? "decompressed data" : "file") + " ends after " + counter.count
                        + " bytes" + REDOWNLOAD);
            }
            return bytes;
        }

        private int readSome(byte[] buffer, int length, String source, String context)
                throws IOException {
            try {
                return counter.readNBytes(buffer, 0, length);
            } catch (EOFException e) {
                // GZIPInputStream throws EOFException when the compressed stream stops early.
                throw new InvalidInputException(source + ": truncated gzip data after "
                        + counter.count + " decompressed bytes (" + context + ")" + REDOWNLOAD);
            }
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends FilterInputStream {

        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int got = in.read(buffer, offset, length);
            if (got > 0) {
                count += got;
            }
            return got;
        }
    }
}
