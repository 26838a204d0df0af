package org.masktrain.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.InvalidInputException;
import org.masktrain.linalg.Matrix;

class NpyReaderTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, content);
        return path;
    }

    private InvalidInputException readFails(String name, byte[] content) throws IOException {
        Path path = file(name, content);
        return assertThrows(InvalidInputException.class, () -> NpyReader.read(path));
    }

    @Test
    void float64MatrixRoundTrip() throws IOException {
        Matrix matrix = new Matrix(2, 3, new double[] {1.5, -2, 3, 0, 1e-300, -7.25});
        Path path = dir.resolve("m.npy");
        NpyWriter.write(path, matrix);

        NpyArray array = NpyReader.read(path);

        assertArrayEquals(new long[] {2, 3}, array.shape());
        assertEquals("<f8", array.header().descr());
        assertFalse(array.header().fortranOrder());
        assertArrayEquals(matrix.data(), array.data());
        Matrix back = array.toMatrix();
        assertEquals(2, back.rows());
        assertEquals(3, back.cols());
    }

    @Test
    void writerAlignsDataTo64Bytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.write(out, new Matrix(1, 1, new double[] {4}));
        byte[] bytes = out.toByteArray();

        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(1, bytes[6], "major version");
        assertEquals(0, bytes[7], "minor version");
        assertEquals(0, (10 + headerLength) % 64);
        assertEquals('\n', bytes[10 + headerLength - 1]);
        assertEquals(10 + headerLength + 8, bytes.length);
    }

    @Test
    void everyDtypeConvertsToDouble() throws IOException {
        ByteBuffer f4 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        f4.putFloat(1.5f).putFloat(-0.25f);
        ByteBuffer i8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        i8.putLong(-3).putLong(1L << 40);
        ByteBuffer i4 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        i4.putInt(-7).putInt(Integer.MAX_VALUE);
        ByteBuffer i2 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        i2.putShort((short) -300).putShort(Short.MAX_VALUE);
        ByteBuffer u2 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        u2.putShort((short) -1).putShort((short) 9);
        ByteBuffer u4 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        u4.putInt(-1).putInt(9);
        ByteBuffer u8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        u8.putLong(-1).putLong(9);
        ByteBuffer bigF8 = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
        bigF8.putDouble(2.5).putDouble(-1);
        ByteBuffer bigI4 = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        bigI4.putInt(258).putInt(-2);

        Object[][] cases = {
            {"<f8", NpyTestFiles.float64(0.1, -9), new double[] {0.1, -9}},
            {"<f4", f4.array(), new double[] {1.5, -0.25}},
            {"<i8", i8.array(), new double[] {-3, 1L << 40}},
            {"<i4", i4.array(), new double[] {-7, Integer.MAX_VALUE}},
            {"<i2", i2.array(), new double[] {-300, Short.MAX_VALUE}},
            {"|i1", new byte[] {(byte) -128, 7}, new double[] {-128, 7}},
            {"<u2", u2.array(), new double[] {65535, 9}},
            {"<u4", u4.array(), new double[] {4294967295.0, 9}},
            {"<u8", u8.array(), new double[] {0x1.0p64, 9}},
            {"|u1", new byte[] {(byte) 255, 7}, new double[] {255, 7}},
            {"|b1", new byte[] {1, 0}, new double[] {1, 0}},
            {">f8", bigF8.array(), new double[] {2.5, -1}},
            {">i4", bigI4.array(), new double[] {258, -2}},
        };
        for (Object[] row : cases) {
            String descr = (String) row[0];
            Path path = file("t.npy", NpyTestFiles.npy(descr, false, "(2,)", (byte[]) row[1]));

            NpyArray array = NpyReader.read(path);

            assertArrayEquals((double[]) row[2], array.data(), "dtype " + descr);
            assertArrayEquals(new long[] {2}, array.shape(), "dtype " + descr);
        }
    }

    @Test
    void fortranOrderBecomesCOrder() throws IOException {
        // The 2 x 3 matrix [[1, 2, 3], [4, 5, 6]] stored column by column.
        byte[] data = NpyTestFiles.float64(1, 4, 2, 5, 3, 6);
        Path path = file("f.npy", NpyTestFiles.npy("<f8", true, "(2, 3)", data));

        NpyArray array = NpyReader.read(path);

        assertTrue(array.header().fortranOrder());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, array.data());
    }

    @Test
    void fortranOrderThreeAxes() throws IOException {
        // Element (i, j, k) has value 100 i + 10 j + k; Fortran order runs i fastest.
        ByteBuffer buffer = ByteBuffer.allocate(2 * 3 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 2; i++) {
                    buffer.put((byte) (100 * i + 10 * j + k));
                }
            }
        }
        Path path = file("f3.npy", NpyTestFiles.npy("|u1", true, "(2, 3, 2)", buffer.array()));

        NpyArray array = NpyReader.read(path);

        double[] expected = new double[12];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    expected[i * 6 + j * 2 + k] = 100 * i + 10 * j + k;
                }
            }
        }
        assertArrayEquals(expected, array.data());
    }

    @Test
    void maxRowsLoadsLeadingRowsInBothOrders() throws IOException {
        Path cOrder = file("c.npy",
                NpyTestFiles.npy("<f8", false, "(3, 2)", NpyTestFiles.float64(1, 2, 3, 4, 5, 6)));
        Path fOrder = file("f.npy",
                NpyTestFiles.npy("<f8", true, "(3, 2)", NpyTestFiles.float64(1, 3, 5, 2, 4, 6)));

        NpyArray fromC = NpyReader.read(cOrder, 2);
        NpyArray fromF = NpyReader.read(fOrder, 2);

        assertArrayEquals(new double[] {1, 2, 3, 4}, fromC.data());
        assertArrayEquals(new double[] {1, 2, 3, 4}, fromF.data());
        assertArrayEquals(new long[] {2, 2}, fromC.shape());
        assertArrayEquals(new long[] {3, 2}, fromC.header().shape());
    }

    @Test
    void versionTwoAndThreeHeaders() throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }";
        for (int major : new int[] {2, 3}) {
            Path path = file("v.npy", NpyTestFiles.npy(major, dict, NpyTestFiles.float64(7, 8)));

            NpyArray array = NpyReader.read(path);

            assertArrayEquals(new double[] {7, 8}, array.data(), "version " + major);
        }
    }

    @Test
    void headerVariantsParse() throws IOException {
        String[] dicts = {
            "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2L,)}",
            "{'shape': (2,), 'fortran_order': False, 'descr': '<f8'}",
            "  {'descr':'<f8','fortran_order':False,'shape':(2,),}   ",
        };
        for (String dict : dicts) {
            Path path = file("h.npy", NpyTestFiles.npy(1, dict, NpyTestFiles.float64(1, 2)));

            assertArrayEquals(new double[] {1, 2}, NpyReader.read(path).data(), dict);
        }
    }

    @Test
    void scalarAndOneDimensionalShapes() throws IOException {
        Path scalar = file("s.npy", NpyTestFiles.npy("<f8", false, "()", NpyTestFiles.float64(3)));
        Path vector = file("v.npy",
                NpyTestFiles.npy("<f8", false, "(3,)", NpyTestFiles.float64(1, 2, 3)));

        NpyArray scalarArray = NpyReader.read(scalar);
        Matrix column = NpyReader.read(vector).toMatrix();

        assertEquals(0, scalarArray.ndim());
        assertArrayEquals(new double[] {3}, scalarArray.data());
        assertEquals(3, column.rows());
        assertEquals(1, column.cols());
    }

    @Test
    void badMagicRejected() throws IOException {
        InvalidInputException e = readFails("bad.npy", "hello world, not numpy".getBytes());

        assertTrue(e.getMessage().contains("bad.npy"), e.getMessage());
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    @Test
    void emptyFileRejected() throws IOException {
        InvalidInputException e = readFails("empty.npy", new byte[0]);

        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    @Test
    void invalidDictRejected() throws IOException {
        String[] dicts = {
            "not a dict",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)",
            "{'descr': '<f8' 'fortran_order': False, 'shape': (2,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} trailing",
            "{'descr': '<f8, 'fortran_order': False, 'shape': (2,)}",
        };
        for (String dict : dicts) {
            InvalidInputException e = readFails("d.npy",
                    NpyTestFiles.npy(1, dict, NpyTestFiles.float64(1, 2)));

            assertTrue(e.getMessage().startsWith(dir.resolve("d.npy") + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("not a valid dict"), e.getMessage());
        }
    }

    @Test
    void wrongKeysOrValueTypesRejected() throws IOException {
        String[][] cases = {
            {"{'descr': '<f8', 'shape': (2,)}", "expected the keys"},
            {"{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}",
                "expected the keys"},
            {"{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", "'fortran_order' must be"},
            {"{'descr': '<f8', 'fortran_order': False, 'shape': 2}", "'shape' must be"},
            {"{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}", "non-negative"},
        };
        for (String[] row : cases) {
            InvalidInputException e = readFails("k.npy",
                    NpyTestFiles.npy(1, row[0], NpyTestFiles.float64(1, 2)));

            assertTrue(e.getMessage().contains(row[1]), e.getMessage());
        }
    }

    @Test
    void unsupportedDtypeRejected() throws IOException {
        for (String descr : new String[] {"<c16", "<U5", "|O", "<f2", "=f8"}) {
            InvalidInputException e = readFails("u.npy",
                    NpyTestFiles.npy(descr, false, "(1,)", new byte[16]));

            assertTrue(e.getMessage().contains("unsupported dtype '" + descr + "'"),
                    e.getMessage());
        }
    }

    @Test
    void structuredDtypeRejected() throws IOException {
        String dict = "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,)}";

        InvalidInputException e = readFails("s.npy", NpyTestFiles.npy(1, dict, new byte[8]));

        assertTrue(e.getMessage().contains("unsupported dtype"), e.getMessage());
    }

    @Test
    void shapeLargerThanDataRejected() throws IOException {
        byte[] content = NpyTestFiles.npy("<f8", false, "(3, 2)", NpyTestFiles.float64(1, 2, 3));

        InvalidInputException e = readFails("short.npy", content);

        assertTrue(e.getMessage().contains("(3, 2)"), e.getMessage());
        assertTrue(e.getMessage().contains("needs 48 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("only 24 bytes"), e.getMessage());
    }

    @Test
    void shapeSmallerThanDataRejected() throws IOException {
        byte[] content = NpyTestFiles.npy("<f8", false, "(2,)", NpyTestFiles.float64(1, 2, 3));

        InvalidInputException e = readFails("long.npy", content);

        assertTrue(e.getMessage().contains("needs 16 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("24 bytes follow"), e.getMessage());
    }

    @Test
    void hugeShapeRejectedWithoutAllocation() throws IOException {
        byte[] content = NpyTestFiles.npy("<f8", false, "(1000000, 1000000)", new byte[64]);
        Path path = file("huge.npy", content);

        InvalidInputException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(InvalidInputException.class, () -> NpyReader.read(path)));

        assertTrue(e.getMessage().contains("(1000000, 1000000)"), e.getMessage());
        assertTrue(e.getMessage().contains("8000000000000 bytes"), e.getMessage());
    }

    @Test
    void shapeProductOverflowRejected() throws IOException {
        byte[] content = NpyTestFiles.npy("<f8", false,
                "(9223372036854775807, 4)", new byte[8]);

        InvalidInputException e = readFails("overflow.npy", content);

        assertTrue(e.getMessage().contains("more than 2^63"), e.getMessage());
    }

    @Test
    void truncatedHeaderRejected() throws IOException {
        byte[] full = NpyTestFiles.npy("<f8", false, "(1,)", NpyTestFiles.float64(1));
        byte[] cut = java.util.Arrays.copyOf(full, 20);

        InvalidInputException e = readFails("cut.npy", cut);

        assertTrue(e.getMessage().contains("truncated .npy header"), e.getMessage());
    }

    @Test
    void truncatedStreamDataRejected() throws IOException {
        byte[] content = NpyTestFiles.npy("<f8", false, "(4,)", NpyTestFiles.float64(1, 2));
        // Claim the full size so that only the stream read can notice the missing bytes.
        long claimedSize = content.length + 16;

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> NpyReader.read(new ByteArrayInputStream(content), "stream.npy",
                        claimedSize, Long.MAX_VALUE));

        assertTrue(e.getMessage().startsWith("stream.npy: truncated data"), e.getMessage());
        assertTrue(e.getMessage().contains("ends after 16 bytes"), e.getMessage());
    }

    @Test
    void unsupportedVersionRejected() throws IOException {
        byte[] content = NpyTestFiles.npy("<f8", false, "(1,)", NpyTestFiles.float64(1));
        content[6] = 4;

        InvalidInputException e = readFails("v4.npy", content);

        assertTrue(e.getMessage().contains("version 4.0"), e.getMessage());
    }
}
