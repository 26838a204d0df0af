package org.masktrain.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.masktrain.InvalidInputException;
import org.masktrain.data.CsvLoader;
import org.masktrain.data.DataLoader;
import org.masktrain.data.DataRequest;
import org.masktrain.data.IdxReader;
import org.masktrain.io.NpyReader;
import org.masktrain.io.NpzReader;
import org.masktrain.run.RunNames;

/**
 * Hand-written hostile inputs: headers that claim 10^12 rows or billions of images, a CSV line
 * of 17 million characters, an NPZ entry whose recorded size no compression can reach, NPZ
 * entry names with {@code ..}, and run names that would leave their parent directory. Each is
 * rejected with {@link InvalidInputException} while allocating at most
 * {@link #ALLOCATION_LIMIT} bytes beyond the input.
 */
@Timeout(30)
class HostileInputTest {

    /** Allocation allowed on top of twice the input's size. */
    private static final long ALLOCATION_LIMIT = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void idxClaimingBillionsOfImagesIsRejected() throws IOException {
        Path file = dir.resolve("images-idx3-ubyte");
        Files.write(file, idxImages(2_000_000_000, 28, 28, 7840));

        assertRejectedWithinBound(() -> IdxReader.readImages(file, Integer.MAX_VALUE), file);
    }

    /**
     * A gzip file's size does not bound its content, so only reading can show that the
     * claimed 2 million images (12.5 GB as doubles) are not there.
     */
    @Test
    void gzipIdxClaimingMillionsOfImagesIsRejected() throws IOException {
        Path file = dir.resolve("images-idx3-ubyte.gz");
        Files.write(file, LoaderFuzzTest.gzip(idxImages(2_000_000_000, 28, 28, 7840)));

        assertRejectedWithinBound(() -> IdxReader.readImages(file, 2_000_000), file);
        assertRejectedWithinBound(() -> IdxReader.readImages(file, Integer.MAX_VALUE), file);
    }

    @Test
    void gzipIdxClaimingHugeImagesIsRejected() throws IOException {
        Path file = dir.resolve("images-idx3-ubyte.gz");
        Files.write(file, LoaderFuzzTest.gzip(idxImages(1, 46_000, 46_000, 7840)));

        assertRejectedWithinBound(() -> IdxReader.readImages(file, Integer.MAX_VALUE), file);
    }

    @Test
    void npyClaimingTrillionRowsIsRejected() throws IOException {
        Path file = dir.resolve("huge.npy");
        Files.write(file, LoaderFuzzTest.npy("<f8", false, "(1000000000000, 784)",
                LoaderFuzzTest.float64(1, 2)));

        assertRejectedWithinBound(() -> NpyReader.read(file), file);
    }

    @Test
    void npyHeaderWithDeepNestingIsRejected() throws IOException {
        Path file = dir.resolve("nested.npy");
        String shape = "(".repeat(200_000) + "1" + ")".repeat(200_000);
        Files.write(file, LoaderFuzzTest.npy("<f8", false, shape, LoaderFuzzTest.float64(1)));

        assertRejectedWithinBound(() -> NpyReader.read(file), file);
    }

    @Test
    void deeplyNestedConfigIsRejected() throws IOException {
        Path run = Files.createDirectory(dir.resolve("run"));
        Path config = run.resolve("config.json");
        Files.writeString(config, "[".repeat(100_000) + "]".repeat(100_000));

        assertRejectedWithinBound(() -> org.masktrain.run.RunDirectory.open(run), config);
    }

    @Test
    void oversizedConfigIsRejected() throws IOException {
        Path run = Files.createDirectory(dir.resolve("run"));
        Path config = run.resolve("config.json");
        Files.write(config, new byte[(int) org.masktrain.run.RunDirectory.MAX_JSON_BYTES + 1]);

        assertRejectedWithinBound(() -> org.masktrain.run.RunDirectory.open(run), config);
    }

    @Test
    void csvWithHugeLineIsRejected() throws IOException {
        Path file = dir.resolve("huge-line.csv");
        byte[] line = new byte[17_000_000];
        java.util.Arrays.fill(line, (byte) '1');
        Files.write(file, line);

        InvalidInputException error = assertRejectedWithinBound(
                () -> CsvLoader.read(file, Integer.MAX_VALUE), file);

        assertTrue(error.getMessage().contains("longer than"), error.getMessage());
    }

    /** A zip bomb's claim: 3 GiB recorded for an entry of a few hundred compressed bytes. */
    @Test
    void npzWithForgedSizeIsRejected() throws IOException {
        Path file = dir.resolve("bomb.npz");
        byte[] header = LoaderFuzzTest.npy("<f8", false, "(402653184,)", new byte[0]);
        byte[] archive = zip("features.npy", header);
        patchUncompressedSize(archive, 0xC000_0000L + header.length);
        Files.write(file, archive);

        InvalidInputException error = assertRejectedWithinBound(() -> {
            try (NpzReader npz = NpzReader.open(file)) {
                npz.read("features");
            }
        }, file);

        assertTrue(error.getMessage().contains("more than the compression can produce"),
                error.getMessage());
    }

    @Test
    void npzEntryNamesWithDotsWriteNothing() throws IOException {
        Path nested = Files.createDirectories(dir.resolve("a").resolve("b"));
        Path file = nested.resolve("escape.npz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : List.of("../../features.npy", "../../labels.npy", "/tmp/x.npy")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(LoaderFuzzTest.npy("<f8", false, "(2,)",
                        LoaderFuzzTest.float64(1, 2)));
                zip.closeEntry();
            }
        }
        Files.write(file, bytes.toByteArray());

        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> DataLoader.load(DataRequest.builder().location(file).build()));

        assertTrue(error.getMessage().contains("features"), error.getMessage());
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(List.of(dir, dir.resolve("a"), nested, file), all.sorted().toList(),
                    "files under " + dir);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", ".", "../escape", "a/b", "a\\b", ".hidden", "x\u0000y",
        "line\nbreak", "c:drive"})
    void unsafeRunNamesAreRejected(String name) {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> RunNames.resolveInside("--run-name", dir, name));

        assertTrue(error.getMessage().startsWith("--run-name"), error.getMessage());
    }

    @Test
    void linkedRunNameIsRejected() throws IOException {
        Files.createSymbolicLink(dir.resolve("cell-1"), Files.createTempDirectory("target"));

        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> RunNames.resolveInside("--run-name", dir, "cell-1"));

        assertTrue(error.getMessage().contains("symbolic link"), error.getMessage());
    }

    @Test
    void plainRunNameIsAccepted() {
        assertEquals(dir.resolve("xi-0.5_p-4"),
                RunNames.resolveInside("--run-name", dir, "xi-0.5_p-4"));
    }

    /** Runs {@code load}, which must throw InvalidInputException within the bound. */
    private static InvalidInputException assertRejectedWithinBound(Executable load,
            Path file) throws IOException {
        long limit = ALLOCATION_LIMIT + 2 * Files.size(file);
        long before = allocatedBytes();
        InvalidInputException error = assertThrows(InvalidInputException.class,
                load, file.toString());
        long allocated = allocatedBytes() - before;
        assertTrue(before < 0 || allocated <= limit,
                "allocated " + allocated + " bytes, more than " + limit + ": " + error);
        return error;
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean()
                instanceof com.sun.management.ThreadMXBean hotspot) {
            return hotspot.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    /** Returns an IDX images header declaring the given sizes, followed by dataBytes bytes. */
    private static byte[] idxImages(int count, int rows, int cols, int dataBytes) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + dataBytes);
        buffer.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        while (buffer.hasRemaining()) {
            buffer.put((byte) 7);
        }
        return buffer.array();
    }

    private static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /**
     * Overwrites the uncompressed size that the central directory records for the first
     * entry (offset 24 of the central directory header, signature 0x02014b50).
     */
    private static void patchUncompressedSize(byte[] archive, long size) {
        ByteBuffer buffer = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 <= archive.length; i++) {
            if (buffer.getInt(i) == 0x02014b50) {
                buffer.putInt(i + 24, (int) size);
                return;
            }
        }
        throw new IllegalStateException("no central directory header in "
                + new String(archive, StandardCharsets.ISO_8859_1).length() + " bytes");
    }
}
