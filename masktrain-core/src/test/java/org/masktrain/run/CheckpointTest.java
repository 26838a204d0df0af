package org.masktrain.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.InvalidInputException;
import org.masktrain.io.NpzWriter;
import org.masktrain.linalg.Matrix;
import org.masktrain.model.Network;
import org.masktrain.random.RandomStreams;
import org.masktrain.training.Evaluation;
import org.masktrain.training.TrainingState;

/** Writing, reading and rejecting damaged {@code checkpoint.npz} files. */
class CheckpointTest {

    private static final long SEED = 2_024L;
    private static final int WIDTH = 12;

    @TempDir
    Path dir;

    private Checkpoint checkpoint;
    private Path file;

    @BeforeEach
    void writeCheckpoint() {
        Network initial = Network.initialize(WIDTH, 5, 2, 1.0, new RandomStreams(SEED));
        Network current = initial.copy();
        current.weights().data()[3] = -0.0;
        current.weights().data()[4] = Double.MIN_VALUE;
        TrainingState state = new TrainingState(3, initial, current,
                new double[] {4.0, 3.0, 2.5, 2.25}, new double[] {1.0, 0.9, 0.8, 0.7},
                new Evaluation(2.25, 0.1, Double.NaN), new Evaluation(0.7, 0.05, 0.5), 1, 12.5);
        checkpoint = new Checkpoint(state, digest(1), digest(2));
        file = dir.resolve(Checkpoint.FILE);
        checkpoint.write(file);
    }

    @Test
    void readReturnsWrittenStateBitForBit() {
        Checkpoint read = Checkpoint.read(file, WIDTH, 10);
        TrainingState expected = checkpoint.state();
        TrainingState actual = read.state();

        assertEquals(expected.round(), actual.round());
        assertEquals(expected.roundsAboveBound(), actual.roundsAboveBound());
        assertEquals(expected.elapsedSeconds(), actual.elapsedSeconds());
        assertArrayEquals(expected.initial().weights().data(), actual.initial().weights().data());
        assertArrayEquals(expected.initial().signs().data(), actual.initial().signs().data());
        assertArrayEquals(bits(expected.current().weights().data()),
                bits(actual.current().weights().data()), "W_k as IEEE 754 bits");
        assertArrayEquals(expected.losses(), actual.losses());
        assertArrayEquals(expected.testLosses(), actual.testLosses());
        assertEquals(expected.lastTrain(), actual.lastTrain());
        assertEquals(expected.lastTest(), actual.lastTest());
        assertArrayEquals(checkpoint.configDigest(), read.configDigest());
        assertArrayEquals(checkpoint.dataDigest(), read.dataDigest());
    }

    /**
     * Flips one bit at 300 seeded positions. A flip must be rejected, or, where it hits bytes
     * that the zip reader ignores (such as the local headers' timestamps), load the exact
     * content that was written.
     */
    @Test
    void flippedBitsAreRejectedOrHarmless() throws IOException {
        byte[] original = Files.readAllBytes(file);
        SplittableRandom random = new SplittableRandom(SEED);
        int rejected = 0;
        for (int trial = 0; trial < 300; trial++) {
            byte[] damaged = original.clone();
            int position = random.nextInt(damaged.length);
            damaged[position] ^= (byte) (1 << random.nextInt(8));
            Files.write(file, damaged);
            String where = "bit flip at byte " + position + " of " + damaged.length + ", seed "
                    + SEED;
            try {
                Checkpoint read = Checkpoint.read(file, WIDTH, 10);
                assertArrayEquals(bits(checkpoint.state().current().weights().data()),
                        bits(read.state().current().weights().data()), where);
                assertArrayEquals(checkpoint.state().losses(), read.state().losses(), where);
            } catch (InvalidInputException e) {
                assertTrue(e.getMessage().contains("not loaded"), e.getMessage());
                rejected++;
            }
        }
        assertTrue(rejected > 200, "only " + rejected + " of 300 flips were rejected");
    }

    @Test
    void truncatedFilesAreRejected() throws IOException {
        byte[] original = Files.readAllBytes(file);
        for (int length : new int[] {0, 1, 30, original.length / 2, original.length - 22,
            original.length - 1}) {
            Files.write(file, Arrays.copyOf(original, length));
            assertThrows(InvalidInputException.class, () -> Checkpoint.read(file, WIDTH, 10),
                    "checkpoint cut to " + length + " of " + original.length + " bytes");
        }
    }

    @Test
    void changedValueWithOldChecksumIsRejected() throws IOException {
        // A well-formed archive whose W differs from what the checksum covers.
        TrainingState state = checkpoint.state();
        Path good = dir.resolve("good.npz");
        checkpoint.write(good);
        byte[] checksum;
        try (var npz = org.masktrain.io.NpzReader.open(good)) {
            double[] values = npz.read("checksum_sha256").data();
            checksum = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                checksum[i] = (byte) values[i];
            }
        }
        double[] changed = state.current().weights().data().clone();
        changed[0] += 1e-12;
        NpzWriter.write(file, npz -> {
            npz.putFloat64("round", new long[] {1}, new double[] {state.round()});
            npz.putFloat64("rounds_above_bound", new long[] {1}, new double[] {1});
            npz.putFloat64("elapsed_seconds", new long[] {1}, new double[] {12.5});
            npz.putMatrix("W0", state.initial().weights());
            npz.putMatrix("a", state.initial().signs());
            npz.putMatrix("W", new Matrix(WIDTH, 5, changed));
            npz.putFloat64("losses", new long[] {4}, state.losses());
            npz.putFloat64("last_train", new long[] {3}, new double[] {2.25, 0.1, Double.NaN});
            npz.putFloat64("test_losses", new long[] {4}, state.testLosses());
            npz.putFloat64("last_test", new long[] {3}, new double[] {0.7, 0.05, 0.5});
            npz.putUint8("config_sha256", new long[] {32}, out -> out.write(digest(1)));
            npz.putUint8("data_sha256", new long[] {32}, out -> out.write(digest(2)));
            npz.putUint8("checksum_sha256", new long[] {32}, out -> out.write(checksum));
        });

        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> Checkpoint.read(file, WIDTH, 10));

        assertTrue(error.getMessage().contains("checksum does not match"), error.getMessage());
    }

    @Test
    void shapesBeyondConfigurationAreRejected() {
        assertThrows(InvalidInputException.class, () -> Checkpoint.read(file, WIDTH - 1, 10),
                "width above the configured maximum");
        assertThrows(InvalidInputException.class, () -> Checkpoint.read(file, WIDTH, 2),
                "round above the configured rounds");
    }

    @Test
    void symbolicLinkIsRejected() throws IOException {
        Path link = dir.resolve("link.npz");
        Files.createSymbolicLink(link, file);

        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> Checkpoint.read(link, WIDTH, 10));

        assertTrue(error.getMessage().contains("symbolic link"), error.getMessage());
    }

    private static byte[] digest(int fill) {
        byte[] digest = new byte[32];
        Arrays.fill(digest, (byte) fill);
        digest[31] = (byte) 0xFF;
        return digest;
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
