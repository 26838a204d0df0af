package org.masktrain.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.InvalidInputException;
import org.masktrain.linalg.Matrix;

class NpzTest {

    @TempDir
    Path dir;

    /** Mask bit of round k, sub-network l, neuron r: a fixed pattern that is easy to recompute. */
    private static int mask(int k, int l, int r) {
        return (k * 7 + l * 3 + r) % 5 == 0 ? 1 : 0;
    }

    @Test
    void writerRoundTripWithStreamedMasks() throws IOException {
        Matrix weights = new Matrix(2, 2, new double[] {1, -2, 3.5, 4});
        int rounds = 3;
        int subnetworks = 4;
        int neurons = 50;
        Path path = dir.resolve("run.npz");

        NpzWriter.write(path, npz -> {
            npz.putMatrix("W0", weights);
            npz.putFloat64("a", new long[] {3}, new double[] {1, -1, 1});
            npz.putUint8("masks", new long[] {rounds, subnetworks, neurons}, out -> {
                for (int k = 0; k < rounds; k++) {
                    for (int l = 0; l < subnetworks; l++) {
                        byte[] row = new byte[neurons];
                        for (int r = 0; r < neurons; r++) {
                            row[r] = (byte) mask(k, l, r);
                        }
                        out.write(row);
                    }
                }
            });
        });

        try (NpzReader npz = NpzReader.open(path)) {
            assertEquals(List.of("W0", "a", "masks"), npz.keys());
            assertArrayEquals(weights.data(), npz.read("W0").data());
            assertArrayEquals(new double[] {1, -1, 1}, npz.read("a").data());
            NpyArray masks = npz.read("masks");
            assertEquals("|u1", masks.header().descr());
            assertArrayEquals(new long[] {rounds, subnetworks, neurons}, masks.shape());
            for (int k = 0; k < rounds; k++) {
                for (int l = 0; l < subnetworks; l++) {
                    for (int r = 0; r < neurons; r++) {
                        int index = (k * subnetworks + l) * neurons + r;
                        assertEquals(mask(k, l, r), masks.data()[index], "mask " + k + "," + l);
                    }
                }
            }
        }
    }

    @Test
    void storedEntriesAsNumpySavezWrites() throws IOException {
        byte[] entry = NpyTestFiles.npy("<f8", false, "(2,)", NpyTestFiles.float64(5, 6));
        Path path = dir.resolve("stored.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(path))) {
            ZipEntry zipEntry = new ZipEntry("features.npy");
            zipEntry.setMethod(ZipEntry.STORED);
            zipEntry.setSize(entry.length);
            CRC32 crc = new CRC32();
            crc.update(entry);
            zipEntry.setCrc(crc.getValue());
            zip.putNextEntry(zipEntry);
            zip.write(entry);
            zip.closeEntry();
        }

        try (NpzReader npz = NpzReader.open(path)) {
            assertTrue(npz.contains("features"));
            assertArrayEquals(new double[] {5, 6}, npz.read("features").data());
        }
    }

    @Test
    void readLimitsRows() throws IOException {
        Path path = dir.resolve("rows.npz");
        NpzWriter.write(path, npz -> npz.putMatrix("x",
                new Matrix(3, 2, new double[] {1, 2, 3, 4, 5, 6})));

        try (NpzReader npz = NpzReader.open(path)) {
            NpyArray firstTwo = npz.read("x", 2);

            assertArrayEquals(new double[] {1, 2, 3, 4}, firstTwo.data());
            assertEquals(3, firstTwo.header().shape()[0]);
        }
    }

    @Test
    void missingKeyListsArchiveKeys() throws IOException {
        Path path = dir.resolve("keys.npz");
        NpzWriter.write(path, npz -> {
            npz.putMatrix("alpha", new Matrix(1, 1, new double[] {1}));
            npz.putMatrix("beta", new Matrix(1, 1, new double[] {2}));
        });

        try (NpzReader npz = NpzReader.open(path)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> npz.read("gamma"));

            assertTrue(e.getMessage().contains("'gamma'"), e.getMessage());
            assertTrue(e.getMessage().contains("[alpha, beta]"), e.getMessage());
        }
    }

    @Test
    void notAZipRejected() throws IOException {
        Path path = dir.resolve("plain.npz");
        Files.writeString(path, "just text");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> NpzReader.open(path));

        assertTrue(e.getMessage().startsWith(path + ": not a valid .npz archive"),
                e.getMessage());
    }

    @Test
    void corruptEntryNamedInMessage() throws IOException {
        Path path = dir.resolve("bad.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(path))) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write("garbage".getBytes());
            zip.closeEntry();
        }

        try (NpzReader npz = NpzReader.open(path)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> npz.read("x"));

            assertTrue(e.getMessage().contains("[x.npy]"), e.getMessage());
            assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
        }
    }

    @Test
    void uint8BodyWithWrongLengthRejected() {
        long[] shape = {2, 3};

        IllegalStateException tooFew = assertThrows(IllegalStateException.class,
                () -> NpyWriter.writeUint8(new ByteArrayOutputStream(), shape,
                        out -> out.write(new byte[5])));
        IllegalStateException tooMany = assertThrows(IllegalStateException.class,
                () -> NpyWriter.writeUint8(new ByteArrayOutputStream(), shape,
                        out -> out.write(new byte[7])));

        assertTrue(tooFew.getMessage().contains("wrote 5 bytes"), tooFew.getMessage());
        assertTrue(tooMany.getMessage().contains("more than the 6 bytes"), tooMany.getMessage());
    }

    @Test
    void failedBodyLeavesNoArchive() {
        Path path = dir.resolve("partial.npz");

        assertThrows(IllegalStateException.class, () -> NpzWriter.write(path,
                npz -> npz.putUint8("m", new long[] {4}, out -> out.write(1))));

        assertFalse(Files.exists(path));
    }

    @Test
    void invalidAndDuplicateKeysRejected() throws IOException {
        try (NpzWriter npz = new NpzWriter(OutputStream.nullOutputStream())) {
            Matrix one = new Matrix(1, 1, new double[] {1});
            npz.putMatrix("x", one);

            assertThrows(IllegalArgumentException.class, () -> npz.putMatrix("x", one));
            assertThrows(IllegalArgumentException.class, () -> npz.putMatrix("a/b", one));
            assertThrows(IllegalArgumentException.class, () -> npz.putMatrix("", one));
        }
    }
}
