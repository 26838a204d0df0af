package org.masktrain.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builds IDX file content in tests. */
final class IdxTestFiles {

    private IdxTestFiles() {
    }

    /** Returns an uncompressed images file; pixel (i, p) has value {@code (7 i + p) % 256}. */
    static byte[] images(int count, int rows, int cols) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + count * rows * cols);
        buffer.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * cols; p++) {
                buffer.put((byte) pixel(i, p));
            }
        }
        return buffer.array();
    }

    /** Returns the pixel value that {@link #images} writes. */
    static int pixel(int image, int position) {
        return (7 * image + position) % 256;
    }

    /** Returns an uncompressed labels file; label i is {@code i % classes}. */
    static byte[] labels(int count, int classes) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + count);
        buffer.putInt(IdxReader.LABELS_MAGIC).putInt(count);
        for (int i = 0; i < count; i++) {
            buffer.put((byte) (i % classes));
        }
        return buffer.array();
    }

    /** Returns {@code content} gzip-compressed. */
    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(content);
        }
        return out.toByteArray();
    }
}
