package org.masktrain.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.masktrain.data.CsvLoader;
import org.masktrain.data.DataLoader;
import org.masktrain.data.DataRequest;
import org.masktrain.data.IdxReader;
import org.masktrain.io.NpyReader;
import org.masktrain.io.NpzReader;
import org.masktrain.io.NpzWriter;
import org.masktrain.linalg.Matrix;
import org.masktrain.model.Network;
import org.masktrain.random.RandomStreams;
import org.masktrain.run.Checkpoint;
import org.masktrain.training.Evaluation;
import org.masktrain.training.TrainingState;

/**
 * Fuzzes every loader with seeded mutations of small valid files (see {@link Mutator}) and
 * replays the inputs that once broke one, kept under {@code src/test/resources/fuzz/<target>}.
 * A loader must return or throw {@link org.masktrain.InvalidInputException} with a one-line
 * message, within {@link FuzzHarness#TIMEOUT_SECONDS} and a memory bound proportional to the
 * input (see {@link FuzzHarness}).
 *
 * <p>The budget is {@code -Dmasktrain.fuzz.iterations=N} mutations per target (default
 * {@value #DEFAULT_ITERATIONS}) from {@code -Dmasktrain.fuzz.seed=S} (default
 * {@value #DEFAULT_SEED}); a failure names the seed and the saved input, under
 * {@code target/fuzz-failures}.
 */
class LoaderFuzzTest {

    static final int DEFAULT_ITERATIONS = 1500;
    static final long DEFAULT_SEED = 7_919L;
    private static final Path REGRESSIONS = Path.of("src", "test", "resources", "fuzz");
    private static final Path FAILURES = Path.of("target", "fuzz-failures");

    @TempDir
    static Path work;

    private static FuzzHarness harness;

    /** A loader, its file name (whose suffix some loaders use) and its valid seed inputs. */
    record Case(String name, String fileName, FuzzHarness.Target target, List<byte[]> seeds) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void startHarness() {
        harness = new FuzzHarness(work, FAILURES);
    }

    @AfterAll
    static void stopHarness() {
        harness.close();
    }

    static Stream<Case> cases() throws IOException {
        return Stream.of(
                new Case("idx-images", "images-idx3-ubyte",
                        file -> IdxReader.readImages(file, Integer.MAX_VALUE),
                        List.of(idxImages(), gzip(idxImages()))),
                new Case("idx-labels", "labels-idx1-ubyte",
                        file -> IdxReader.readLabels(file, Integer.MAX_VALUE),
                        List.of(idxLabels(), gzip(idxLabels()))),
                new Case("csv", "data.csv", file -> CsvLoader.read(file, Integer.MAX_VALUE),
                        List.of(ascii("x1,x2,y\n0.5,0.25,1\n-1,2e-3,0\n3,4,1\n"),
                                ascii("1,2,3\r\n4,5,6\r\n7,8,9\r\n"))),
                new Case("npy", "array.npy", NpyReader::read, List.of(
                        npy("<f8", false, "(2, 3)", float64(1, 2, 3, 4, 5, 6)),
                        npy("<i4", true, "(2, 2)", int32(1, -2, 3, 4)),
                        npy("|u1", false, "(5,)", new byte[] {1, 2, 3, 4, 5}))),
                new Case("npz", "data.npz", LoaderFuzzTest::readAllArrays,
                        List.of(npz(Deflater.BEST_SPEED), npz(0))),
                new Case("data-loader", "data.npz", LoaderFuzzTest::loadThroughDataLoader,
                        List.of(npz(Deflater.BEST_SPEED), idxImages(),
                                ascii("1,2,0\n3,5,1\n2,7,0\n"))),
                new Case("checkpoint", Checkpoint.FILE,
                        file -> Checkpoint.read(file, Integer.MAX_VALUE, Integer.MAX_VALUE),
                        List.of(checkpoint())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(300)
    void mutatedInputsAreRejectedCleanly(Case fuzzCase) throws Exception {
        int iterations = Integer.getInteger("masktrain.fuzz.iterations", DEFAULT_ITERATIONS);
        long seed = Long.getLong("masktrain.fuzz.seed", DEFAULT_SEED) ^ fuzzCase.name().hashCode();
        long start = System.nanoTime();

        List<FuzzHarness.Failure> failures = harness.fuzz(fuzzCase.name(), fuzzCase.target(),
                fuzzCase.seeds(), fuzzCase.fileName(), iterations, seed);

        System.out.printf("fuzz %s: %d inputs in %.1f s, seed %d%n", fuzzCase.name(),
                iterations, (System.nanoTime() - start) / 1e9, seed);
        assertEquals(List.of(), failures, "seed " + seed + "; move each saved input to "
                + REGRESSIONS.resolve(fuzzCase.name()) + " once it is fixed");
    }

    /** Replays every input that once broke a loader. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void savedInputsAreRejectedCleanly(Case fuzzCase) throws Exception {
        Path folder = REGRESSIONS.resolve(fuzzCase.name());
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<FuzzHarness.Failure> failures = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path input : files.sorted().toList()) {
                FuzzHarness.Failure failure = harness.check(fuzzCase.name(), fuzzCase.target(),
                        Files.readAllBytes(input), fuzzCase.fileName(),
                        input.getFileName().toString());
                if (failure != null) {
                    failures.add(failure);
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void mutatorIsDeterministic() {
        byte[] input = idxLabels();
        assertTrue(java.util.Arrays.equals(new Mutator(5).mutate(input),
                new Mutator(5).mutate(input)));
    }

    private static void readAllArrays(Path file) throws IOException {
        try (NpzReader npz = NpzReader.open(file)) {
            for (String key : npz.keys()) {
                npz.read(key);
            }
        }
    }

    private static void loadThroughDataLoader(Path file) {
        DataLoader.load(DataRequest.builder().location(file).maxSamples(Integer.MAX_VALUE)
                .build());
    }

    static byte[] idxImages() {
        ByteBuffer buffer = ByteBuffer.allocate(16 + 6 * 4 * 4);
        buffer.putInt(IdxReader.IMAGES_MAGIC).putInt(6).putInt(4).putInt(4);
        for (int i = 0; i < 6 * 16; i++) {
            buffer.put((byte) (i * 7));
        }
        return buffer.array();
    }

    static byte[] idxLabels() {
        ByteBuffer buffer = ByteBuffer.allocate(8 + 6);
        buffer.putInt(IdxReader.LABELS_MAGIC).putInt(6);
        for (int i = 0; i < 6; i++) {
            buffer.put((byte) (i % 3));
        }
        return buffer.array();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(content);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }";
        byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer prefix = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        prefix.put((byte) 0x93).put(ascii("NUMPY")).put((byte) 1).put((byte) 0)
                .putShort((short) header.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix.array());
        out.writeBytes(header);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] float64(double... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
            buffer.putDouble(value);
        }
        return buffer.array();
    }

    static byte[] int32(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            buffer.putInt(value);
        }
        return buffer.array();
    }

    static byte[] npz(int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NpzWriter npz = new NpzWriter(out, level)) {
            npz.putMatrix("features", new Matrix(3, 2, new double[] {1, 2, 3, 5, 2, 7}));
            npz.putFloat64("labels", new long[] {3}, new double[] {0, 1, 0});
        }
        return out.toByteArray();
    }

    static byte[] checkpoint() throws IOException {
        Network initial = Network.initialize(4, 3, 2, 1.0, new RandomStreams(1));
        TrainingState state = new TrainingState(2, initial, initial.copy(),
                new double[] {3, 2, 1}, null, new Evaluation(1, 0.5, Double.NaN), null, 0, 1.5);
        Path file = Files.createTempFile("checkpoint", ".npz");
        try {
            new Checkpoint(state, new byte[32], new byte[32]).write(file);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
