package org.masktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.InvalidInputException;

class IdxReaderTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, content);
        return path;
    }

    @Test
    void plainImagesAndLabels() throws IOException {
        Path images = file("train-images-idx3-ubyte", IdxTestFiles.images(5, 2, 3));
        Path labels = file("train-labels-idx1-ubyte", IdxTestFiles.labels(5, 3));

        IdxReader.Images read = IdxReader.readImages(images, 100);
        IdxReader.Labels readLabels = IdxReader.readLabels(labels, 100);

        assertEquals(5, read.availableImages());
        assertEquals(2, read.rows());
        assertEquals(3, read.cols());
        assertEquals(5, read.pixels().rows());
        assertEquals(6, read.pixels().cols());
        assertEquals(IdxTestFiles.pixel(4, 5), read.pixels().get(4, 5));
        assertArrayEquals(new int[] {0, 1, 2, 0, 1}, readLabels.labels());
    }

    @Test
    void gzipDetectedFromBytesNotName() throws IOException {
        byte[] compressed = IdxTestFiles.gzip(IdxTestFiles.images(4, 3, 3));
        Path unnamed = file("images-without-extension", compressed);
        Path misnamed = file("plain.gz", IdxTestFiles.images(4, 3, 3));

        IdxReader.Images fromGzip = IdxReader.readImages(unnamed, 10);
        IdxReader.Images fromPlain = IdxReader.readImages(misnamed, 10);

        assertArrayEquals(fromPlain.pixels().data(), fromGzip.pixels().data());
        assertEquals(IdxTestFiles.pixel(3, 8), fromGzip.pixels().get(3, 8));
    }

    @Test
    void maxSamplesLimitsRead() throws IOException {
        Path images = file("i.gz", IdxTestFiles.gzip(IdxTestFiles.images(50, 2, 2)));
        Path labels = file("l.gz", IdxTestFiles.gzip(IdxTestFiles.labels(50, 10)));

        IdxReader.Images read = IdxReader.readImages(images, 7);
        IdxReader.Labels readLabels = IdxReader.readLabels(labels, 7);

        assertEquals(50, read.availableImages());
        assertEquals(7, read.pixels().rows());
        assertEquals(50, readLabels.availableLabels());
        assertEquals(7, readLabels.labels().length);
    }

    @Test
    void truncatedPlainFileRejected() throws IOException {
        byte[] full = IdxTestFiles.images(60, 4, 4);
        Path images = file("train-images-idx3-ubyte", Arrays.copyOf(full, 100));

        // Only two images are needed, but the size check still detects the truncation.
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> IdxReader.readImages(images, 2));

        assertEquals(images + ": truncated IDX data: header declares 60 images of 4 x 4 but the "
                + "file ends after 100 bytes; re-download the file", e.getMessage());
    }

    @Test
    void truncatedGzipRejected() throws IOException {
        byte[] compressed = IdxTestFiles.gzip(IdxTestFiles.images(200, 8, 8));
        Path images = file("train-images-idx3-ubyte.gz",
                Arrays.copyOf(compressed, compressed.length / 2));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> IdxReader.readImages(images, 1000));

        assertTrue(e.getMessage().startsWith(images + ": truncated "), e.getMessage());
        assertTrue(e.getMessage().contains("200 images of 8 x 8"), e.getMessage());
        assertTrue(e.getMessage().endsWith("re-download the file"), e.getMessage());
    }

    @Test
    void gzipWithShortContentRejected() throws IOException {
        // A complete gzip stream whose decompressed IDX data is shorter than its header declares.
        byte[] short12 = Arrays.copyOf(IdxTestFiles.images(10, 2, 2), 16 + 12);
        Path images = file("short.gz", IdxTestFiles.gzip(short12));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> IdxReader.readImages(images, 10));

        assertEquals(images + ": truncated IDX data: header declares 10 images of 2 x 2 but the "
                + "decompressed data ends after 28 bytes; re-download the file", e.getMessage());
    }

    @Test
    void corruptGzipRejected() throws IOException {
        byte[] compressed = IdxTestFiles.gzip(IdxTestFiles.images(20, 5, 5));
        for (int k = 12; k < compressed.length - 8; k++) {
            compressed[k] = (byte) 0xFF;
        }
        Path images = file("corrupt.gz", compressed);

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> IdxReader.readImages(images, 20));

        assertTrue(e.getMessage().startsWith(images + ": corrupt gzip data"), e.getMessage());
    }

    @Test
    void wrongMagicRejected() throws IOException {
        Path text = file("notes.idx", "this is not an IDX file".getBytes());

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> IdxReader.readImages(text, 1));

        assertTrue(e.getMessage().contains("not an IDX images file"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 0x00000803"), e.getMessage());
    }

    @Test
    void labelsFileAsImagesRejected() throws IOException {
        Path labels = file("train-labels-idx1-ubyte", IdxTestFiles.labels(3, 2));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> IdxReader.readImages(labels, 1));

        assertTrue(e.getMessage().contains("this is an IDX labels file"), e.getMessage());
    }

    @Test
    void nonByteElementTypeRejected() throws IOException {
        byte[] content = IdxTestFiles.images(1, 1, 1);
        content[2] = 0x0D;
        Path floats = file("floats.idx", content);

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> IdxReader.readImages(floats, 1));

        assertTrue(e.getMessage().contains("unsupported IDX element type 0x0D"), e.getMessage());
    }

    @Test
    void truncatedHeaderRejected() throws IOException {
        Path images = file("h.idx", Arrays.copyOf(IdxTestFiles.images(1, 1, 1), 9));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> IdxReader.readImages(images, 1));

        assertTrue(e.getMessage().contains("truncated IDX header"), e.getMessage());
    }
}
