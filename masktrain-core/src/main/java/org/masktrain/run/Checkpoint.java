package org.masktrain.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.Deflater;
import org.masktrain.InvalidInputException;
import org.masktrain.io.AtomicFiles;
import org.masktrain.io.NpyArray;
import org.masktrain.io.NpzReader;
import org.masktrain.io.NpzWriter;
import org.masktrain.linalg.Matrix;
import org.masktrain.model.Network;
import org.masktrain.training.Evaluation;
import org.masktrain.training.TrainingState;

/**
 * A training state stored as {@code checkpoint.npz} in a run directory, with the digests that
 * tie it to its configuration and data.
 *
 * <p>The archive contains {@code W0}, {@code a}, {@code W} (W_k), {@code losses},
 * {@code test_losses} (with a held-out set), {@code round}, {@code rounds_above_bound},
 * {@code elapsed_seconds}, {@code last_train} and {@code last_test} (loss, mean squared error,
 * accuracy), the SHA-256 digests {@code config_sha256} and {@code data_sha256}, and
 * {@code checksum_sha256}: the SHA-256 of every other entry's name, shape and values. A file
 * whose checksum does not match, or that is truncated or malformed, is rejected with
 * {@link InvalidInputException} and never loaded. Files are written atomically (temporary file,
 * fsync, rename), so a killed writer leaves the previous checkpoint in place.
 *
 * @param state the training state
 * @param configDigest SHA-256 of the run's parameters (see {@link RunDirectory#configDigest})
 * @param dataDigest SHA-256 of the data as trained on (see {@link DataFingerprint})
 */
public record Checkpoint(TrainingState state, byte[] configDigest, byte[] dataDigest) {

    /** The checkpoint's file name in a run directory. */
    public static final String FILE = "checkpoint.npz";

    private static final int DIGEST_BYTES = 32;
    private static final int EVALUATION_FIELDS = 3;

    /** Checks the digest lengths. */
    public Checkpoint {
        if (configDigest.length != DIGEST_BYTES || dataDigest.length != DIGEST_BYTES) {
            throw new IllegalArgumentException("digests must have " + DIGEST_BYTES + " bytes");
        }
        configDigest = configDigest.clone();
        dataDigest = dataDigest.clone();
    }

    /**
     * Writes this checkpoint to {@code file} atomically, replacing an older one.
     *
     * @throws UncheckedIOException when the file cannot be written; the old file is then intact
     */
    public void write(Path file) {
        Entries entries = toEntries();
        try {
            // Weights barely compress, so the archive is stored without compression for speed.
            AtomicFiles.write(file, out -> {
                NpzWriter npz = new NpzWriter(out, Deflater.NO_COMPRESSION);
                for (Entry entry : entries.list()) {
                    if (entry.bytes() != null) {
                        npz.putUint8(entry.name(), entry.shape(),
                                stream -> stream.write(entry.bytes()));
                    } else {
                        npz.putFloat64(entry.name(), entry.shape(), entry.values());
                    }
                }
                byte[] checksum = entries.checksum();
                npz.putUint8("checksum_sha256", new long[] {DIGEST_BYTES},
                        stream -> stream.write(checksum));
                npz.finish();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file, e);
        }
    }

    /**
     * Reads and verifies a checkpoint.
     *
     * @param file the {@code checkpoint.npz} to read
     * @param maxWidth the largest width m to accept, so a damaged shape cannot make the reader
     *     allocate more than the configuration needs
     * @param maxRounds the largest round to accept
     * @throws InvalidInputException when the file is missing, a link, truncated, malformed, or
     *     its checksum does not match its content
     */
    public static Checkpoint read(Path file, int maxWidth, int maxRounds) {
        if (Files.isSymbolicLink(file)) {
            throw new InvalidInputException("the checkpoint " + file + " is a symbolic link; "
                    + "a run directory must contain its own files");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("the checkpoint " + file + " is missing or not a "
                    + "regular file");
        }
        try (NpzReader npz = NpzReader.open(file)) {
            return parse(file, npz, maxWidth, maxRounds);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("the checkpoint " + file + " is missing");
        } catch (IOException e) {
            throw corrupt(file, "cannot be read: " + e.getMessage());
        } catch (InvalidInputException e) {
            if (e.getMessage().startsWith("the checkpoint")) {
                throw e;
            }
            throw corrupt(file, e.getMessage());
        }
    }

    private static Checkpoint parse(Path file, NpzReader npz, int maxWidth, int maxRounds)
            throws IOException {
        double storedRound = read(file, npz, "round", new long[] {1}).data()[0];
        if (storedRound > maxRounds && storedRound <= Integer.MAX_VALUE
                && storedRound == Math.rint(storedRound)) {
            throw new InvalidInputException(String.format(Locale.ROOT, "the checkpoint %s is at "
                    + "round %d, beyond the %d rounds the configuration asks for; if rounds in "
                    + "config.json was lowered, set it back to at least %d", file,
                    (long) storedRound, maxRounds, (long) storedRound));
        }
        int round = (int) scalar(file, npz, "round", 0, maxRounds);
        int aboveBound = (int) scalar(file, npz, "rounds_above_bound", 0, maxRounds);
        double elapsed = read(file, npz, "elapsed_seconds", new long[] {1}).data()[0];
        NpyArray w0 = read(file, npz, "W0", null);
        if (w0.ndim() != 2 || w0.shape(0) < 1 || w0.shape(0) > maxWidth) {
            throw corrupt(file, "W0 has shape " + Arrays.toString(w0.shape())
                    + "; expected m x d with m <= " + maxWidth);
        }
        long m = w0.shape(0);
        long d = w0.shape(1);
        NpyArray signs = read(file, npz, "a", null);
        if (signs.ndim() != 2 || signs.shape(0) != m) {
            throw corrupt(file, "a has shape " + Arrays.toString(signs.shape())
                    + "; expected " + m + " x c");
        }
        NpyArray current = read(file, npz, "W", new long[] {m, d});
        NpyArray losses = read(file, npz, "losses", new long[] {round + 1L});
        boolean held = npz.contains("test_losses");
        NpyArray testLosses = held ? read(file, npz, "test_losses", new long[] {round + 1L})
                : null;
        NpyArray lastTrain = read(file, npz, "last_train", new long[] {EVALUATION_FIELDS});
        NpyArray lastTest = held ? read(file, npz, "last_test", new long[] {EVALUATION_FIELDS})
                : null;
        byte[] configDigest = bytes(file, npz, "config_sha256");
        byte[] dataDigest = bytes(file, npz, "data_sha256");
        byte[] stored = bytes(file, npz, "checksum_sha256");

        Matrix signMatrix = signs.toMatrix();
        TrainingState state = new TrainingState(round,
                new Network(w0.toMatrix(), signMatrix),
                new Network(current.toMatrix(), signMatrix.copy()), losses.data(),
                held ? testLosses.data() : null, evaluation(lastTrain),
                held ? evaluation(lastTest) : null, aboveBound, elapsed);
        Checkpoint checkpoint = new Checkpoint(state, configDigest, dataDigest);
        if (!MessageDigest.isEqual(stored, checkpoint.toEntries().checksum())) {
            throw corrupt(file, "its checksum does not match its content");
        }
        return checkpoint;
    }

    private static NpyArray read(Path file, NpzReader npz, String key, long[] shape)
            throws IOException {
        if (!npz.contains(key)) {
            throw corrupt(file, "the entry '" + key + "' is missing");
        }
        NpyArray array = npz.read(key);
        if (shape != null && !Arrays.equals(array.shape(), shape)) {
            throw corrupt(file, "'" + key + "' has shape " + Arrays.toString(array.shape())
                    + "; expected " + Arrays.toString(shape));
        }
        return array;
    }

    private static double scalar(Path file, NpzReader npz, String key, long min, long max)
            throws IOException {
        double value = read(file, npz, key, new long[] {1}).data()[0];
        if (!(value >= min && value <= max) || value != Math.rint(value)) {
            throw corrupt(file, "'" + key + "' is " + value + "; expected a whole number in ["
                    + min + ", " + max + "]");
        }
        return value;
    }

    private static byte[] bytes(Path file, NpzReader npz, String key) throws IOException {
        double[] values = read(file, npz, key, new long[] {DIGEST_BYTES}).data();
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static Evaluation evaluation(NpyArray array) {
        double[] values = array.data();
        return new Evaluation(values[0], values[1], values[2]);
    }

    private static InvalidInputException corrupt(Path file, String detail) {
        return new InvalidInputException("the checkpoint " + file + " is damaged and was not "
                + "loaded: " + detail + "; resume from a copy of the run directory or start "
                + "the run again");
    }

    private Entries toEntries() {
        TrainingState s = state;
        Entries entries = new Entries();
        entries.add("round", s.round());
        entries.add("rounds_above_bound", s.roundsAboveBound());
        entries.add("elapsed_seconds", s.elapsedSeconds());
        entries.add("W0", s.initial().weights());
        entries.add("a", s.initial().signs());
        entries.add("W", s.current().weights());
        entries.add("losses", new long[] {s.losses().length}, s.losses());
        entries.add("last_train", evaluationValues(s.lastTrain()));
        if (s.testLosses() != null) {
            entries.add("test_losses", new long[] {s.testLosses().length}, s.testLosses());
            entries.add("last_test", evaluationValues(s.lastTest()));
        }
        entries.addBytes("config_sha256", configDigest);
        entries.addBytes("data_sha256", dataDigest);
        return entries;
    }

    private static double[] evaluationValues(Evaluation evaluation) {
        return new double[] {evaluation.loss(), evaluation.meanSquaredError(),
            evaluation.accuracy()};
    }

    /** One array of the archive: float64 values or uint8 bytes. */
    private record Entry(String name, long[] shape, double[] values, byte[] bytes) {
    }

    /** The archive's arrays in a fixed order, and the checksum over them. */
    private static final class Entries {
        private final java.util.List<Entry> list = new java.util.ArrayList<>();

        void add(String name, double value) {
            add(name, new long[] {1}, new double[] {value});
        }

        void add(String name, Matrix matrix) {
            add(name, new long[] {matrix.rows(), matrix.cols()}, matrix.data());
        }

        void add(String name, double[] values) {
            add(name, new long[] {values.length}, values);
        }

        void add(String name, long[] shape, double[] values) {
            list.add(new Entry(name, shape, values, null));
        }

        void addBytes(String name, byte[] bytes) {
            list.add(new Entry(name, new long[] {bytes.length}, null, bytes));
        }

        java.util.List<Entry> list() {
            return list;
        }

        /** SHA-256 over each entry's name, shape and values (float64 bits or bytes). */
        byte[] checksum() {
            MessageDigest digest = sha256();
            ByteBuffer number = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry entry : list) {
                digest.update(entry.name().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                for (long dimension : entry.shape()) {
                    digest.update(number.clear().putLong(dimension).array());
                }
                if (entry.bytes() != null) {
                    digest.update(entry.bytes());
                } else {
                    for (double value : entry.values()) {
                        digest.update(number.clear()
                                .putLong(Double.doubleToRawLongBits(value)).array());
                    }
                }
            }
            return digest.digest();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
