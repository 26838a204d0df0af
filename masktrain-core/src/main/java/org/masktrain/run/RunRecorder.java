package org.masktrain.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.masktrain.InvalidInputException;
import org.masktrain.data.Dataset;
import org.masktrain.engine.RoundTraffic;
import org.masktrain.io.AtomicFiles;
import org.masktrain.io.NpzWriter;
import org.masktrain.masks.MaskSampler;
import org.masktrain.model.Network;
import org.masktrain.training.CheckpointSink;
import org.masktrain.training.Evaluation;
import org.masktrain.training.RoundRecord;
import org.masktrain.training.Trainer;
import org.masktrain.training.TrainingConfig;
import org.masktrain.training.TrainingListener;
import org.masktrain.training.TrainingResult;
import org.masktrain.training.TrainingStart;
import org.masktrain.training.TrainingState;

/**
 * Writes a run directory as training goes on.
 *
 * <ul>
 *   <li>{@code config.json} at the start: the parameters under the keys the command line uses,
 *       and a {@code provenance} object (versions, data source, preprocessing).
 *   <li>{@code metrics.csv}: one row per round k = 0..K, written as each round ends; with an
 *       engine that ships sub-networks, also the round's {@link RoundTraffic}.
 *   <li>{@code local.csv}: {@code round,subnet,step,loss} for every local step, written per
 *       round.
 *   <li>{@code trace.npz} at the end: X and Y as trained on, W0, a, every round's masks
 *       (K x p x m, 0/1 bytes) and the losses, enough to replay the run in NumPy.
 *   <li>{@code summary.json} at the end: initial and final loss, timing and the file names.
 * </ul>
 *
 * <p>The JSON files, the trace and the checkpoint are written atomically, so a killed run
 * leaves either a whole file or none. Each round's CSV rows go to the file in one write call,
 * so a killed process leaves whole rows of every round that finished; a power failure can still
 * cut a row, which {@link #resumeFrom} removes. Use from one thread, apart from
 * {@link #endEarly}, which a shutdown hook may call.
 */
public final class RunRecorder implements TrainingListener, AutoCloseable {

    /** The key of config.json's provenance object. */
    public static final String PROVENANCE = "provenance";

    private static final String LOCAL_HEADER = "round,subnet,step,loss\n";
    private static final List<String> RUN_FILE_NAMES = List.of(RunFiles.CONFIG,
            RunFiles.METRICS, RunFiles.LOCAL, RunFiles.TRACE, RunFiles.SUMMARY,
            RunFiles.CHECKPOINT, RunFiles.MASKS_PART);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final RunFiles files;
    private final Dataset train;
    private final Dataset test;
    private final ObjectNode parameters;
    private final Map<String, Object> provenance;
    private final List<Supplier<? extends Map<String, ?>>> summarySources = new ArrayList<>();
    // Each round's rows go out in one write call, so a killed process leaves whole rows.
    private FileOutputStream metricsFile;
    private FileOutputStream localFile;
    private FileOutputStream masksFile;
    private TrainingState resumed;
    private byte[] maskBuffer;
    private Network initial;
    private TrainingConfig config;
    private String kernel;
    private String engine;
    private boolean engineTraffic;
    private RoundTraffic trafficTotal = RoundTraffic.NONE;
    private Evaluation lastTest;
    private final List<Double> recordedLosses = new ArrayList<>();
    private int recordedMaskRounds;
    private double lastElapsedSeconds;
    private boolean ended;

    /**
     * @param directory an existing, empty directory
     * @param train the training set as trained on
     * @param test the held-out set, or null
     * @param parameters the resolved parameters, keyed like the command-line options; written
     *     into config.json as given
     * @param provenance versions, data source and preprocessing steps; written under
     *     {@code provenance}
     */
    public RunRecorder(Path directory, Dataset train, Dataset test, ObjectNode parameters,
            Map<String, Object> provenance) {
        this.files = new RunFiles(directory);
        this.train = train;
        this.test = test;
        this.parameters = parameters.deepCopy();
        this.provenance = new LinkedHashMap<>(provenance);
    }

    /**
     * Adds fields to summary.json: {@code source} is called when the summary is written, after
     * the last round, and its entries follow the recorder's own fields (a key already present
     * is replaced).
     */
    public void addSummaryFields(Supplier<? extends Map<String, ?>> source) {
        summarySources.add(source);
    }

    /** Returns the file names of this run. */
    public RunFiles files() {
        return files;
    }

    /**
     * Prepares the run directory to continue after {@code state.round()}: rewrites metrics.csv
     * and local.csv atomically with only the rows up to that round, regenerates the mask file
     * of its rounds from the seed, and deletes a stale trace and summary. The header of
     * metrics.csv must be that of an engine without traffic columns. Call it before
     * training with a trainer that {@link org.masktrain.training.Trainer#resumeFrom resumes}
     * from the same state; {@link #onStart} then leaves config.json as it is.
     *
     * @param state the state training continues from
     * @param config the run's configuration
     * @throws InvalidInputException when a CSV file contains fewer rows than the state's round
     *     needs or rows that do not belong there
     * @throws UncheckedIOException when the files cannot be rewritten
     */
    public void resumeFrom(TrainingState state, TrainingConfig config) {
        resumeFrom(state, config, false);
    }

    /**
     * Prepares the run directory like {@link #resumeFrom(TrainingState, TrainingConfig)}, for
     * an engine that adds the traffic columns to metrics.csv when {@code engineTraffic} is
     * true ({@link org.masktrain.engine.SubnetworkEngine#reportsTraffic}), so that the stored
     * header is checked against the right one.
     */
    public void resumeFrom(TrainingState state, TrainingConfig config, boolean engineTraffic) {
        this.engineTraffic = engineTraffic;
        int round = state.round();
        for (Path file : List.of(files.metrics(), files.local())) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException(file + " is missing or not a regular file, but "
                        + "the checkpoint needs its rows up to round " + round + "; start the "
                        + "run again");
            }
        }
        try {
            RunLogs.truncateMetrics(files.metrics(), metricsHeader(), state.losses());
            long localRows = (long) round * config.subnetworks() * (config.localSteps() + 1);
            RunLogs.truncateLocal(files.local(), LOCAL_HEADER, round, localRows);
            MaskSampler sampler = Trainer.maskSampler(config);
            byte[] buffer = new byte[config.subnetworks() * config.width()];
            AtomicFiles.write(files.masksPart(), out -> {
                for (int k = 0; k < round; k++) {
                    sampler.sample(k).toBytes(config.width(), buffer);
                    out.write(buffer);
                }
            });
            removeLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the run directory "
                    + files.directory() + " for resuming", e);
        }
        resumed = state;
        recordedLosses.clear();
        for (double loss : state.losses()) {
            recordedLosses.add(loss);
        }
        recordedMaskRounds = round;
        lastTest = state.lastTest();
        lastElapsedSeconds = state.elapsedSeconds();
    }

    /**
     * Deletes what an earlier, stopped process left in the run directory and a continued run
     * replaces: summary.json, trace.npz and the hidden temporary files of interrupted atomic
     * writes (named {@code .<run file>.<hex>.tmp}). Links are deleted, never followed.
     *
     * @throws IOException when a file cannot be deleted
     */
    public void removeLeftovers() throws IOException {
        Files.deleteIfExists(files.summary());
        Files.deleteIfExists(files.trace());
        try (var entries = Files.newDirectoryStream(files.directory(), ".*.tmp")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (RUN_FILE_NAMES.stream().anyMatch(run -> name.startsWith("." + run + "."))) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /**
     * Returns a sink that writes {@code checkpoint.npz} with the digests of this run's
     * parameters and data, after forcing the CSV and mask files to disk so the checkpoint is
     * never ahead of them. After {@link #endEarly} it writes nothing.
     */
    public CheckpointSink checkpointSink() {
        byte[] configDigest = RunDirectory.configDigest(parameters);
        byte[] dataDigest = DataFingerprint.of(train, test);
        return state -> {
            synchronized (this) {
                if (ended) {
                    // The run ended early on another thread (a signal's shutdown hook), and the
                    // CSV files stopped at an earlier round, so this state must not be stored.
                    return;
                }
                try {
                    for (FileOutputStream file : new FileOutputStream[] {metricsFile, localFile,
                        masksFile}) {
                        if (file != null) {
                            file.getFD().sync();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot flush the run directory "
                            + files.directory(), e);
                }
                new Checkpoint(state, configDigest, dataDigest).write(files.checkpoint());
            }
        };
    }

    @Override
    public void onStart(TrainingStart start) {
        initial = start.initial();
        config = start.config();
        kernel = start.kernel();
        engine = start.engine();
        engineTraffic = start.engineTraffic();
        try {
            if (resumed == null) {
                writeConfig(start);
                metricsFile = new FileOutputStream(files.metrics().toFile());
                metricsFile.write(utf8(metricsHeader()));
                localFile = new FileOutputStream(files.local().toFile());
                localFile.write(utf8(LOCAL_HEADER));
                masksFile = new FileOutputStream(files.masksPart().toFile());
            } else {
                metricsFile = new FileOutputStream(files.metrics().toFile(), true);
                localFile = new FileOutputStream(files.local().toFile(), true);
                masksFile = new FileOutputStream(files.masksPart().toFile(), true);
            }
            maskBuffer = new byte[config.subnetworks() * config.width()];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run directory " + files.directory(),
                    e);
        }
    }

    private void writeConfig(TrainingStart start) throws IOException {
        provenance.put("kernel", kernel);
        provenance.put("engine", engine);
        provenance.put("train_samples", start.trainSamples());
        provenance.put("test_samples", start.testSamples());
        provenance.put("input_dimension", train.d());
        provenance.put("outputs", train.c());
        provenance.put("keep_probabilities", config.keepProbabilities());
        provenance.put("learning_rate_ntk", config.learningRate());
        ObjectNode document = parameters.deepCopy();
        document.set(PROVENANCE, JSON.valueToTree(provenance));
        AtomicFiles.writeString(files.config(), JSON.writeValueAsString(document) + "\n");
    }

    private static byte[] utf8(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String metricsHeader() {
        StringBuilder header = new StringBuilder("round,loss,mse");
        if (test != null) {
            header.append(",test_loss,test_mse");
        }
        if (train.oneHot()) {
            header.append(",train_accuracy");
            if (test != null) {
                header.append(",test_accuracy");
            }
        }
        header.append(",elapsed_seconds");
        if (engineTraffic) {
            header.append(',').append(RoundTraffic.CSV_HEADER);
        }
        return header.append('\n').toString();
    }

    @Override
    public synchronized void onRound(RoundRecord record) {
        if (ended) {
            return;
        }
        try {
            StringBuilder row = new StringBuilder();
            row.append(record.round()).append(',').append(record.train().loss()).append(',')
                    .append(record.train().meanSquaredError());
            if (test != null) {
                row.append(',').append(record.test().loss()).append(',')
                        .append(record.test().meanSquaredError());
            }
            if (train.oneHot()) {
                row.append(',').append(record.train().accuracy());
                if (test != null) {
                    row.append(',').append(record.test().accuracy());
                }
            }
            row.append(',').append(record.elapsedSeconds());
            if (engineTraffic) {
                // Round 0 ships nothing; its traffic columns are zero.
                RoundTraffic traffic = record.traffic() != null ? record.traffic()
                        : RoundTraffic.NONE;
                row.append(',').append(traffic.toCsv());
                trafficTotal = trafficTotal.plus(traffic);
            }
            row.append('\n');
            metricsFile.write(utf8(row));
            lastTest = record.test();
            recordedLosses.add(record.train().loss());
            lastElapsedSeconds = record.elapsedSeconds();

            if (record.localLosses() != null) {
                StringBuilder lines = new StringBuilder();
                double[][] losses = record.localLosses();
                for (int l = 0; l < losses.length; l++) {
                    for (int t = 0; t < losses[l].length; t++) {
                        lines.append(record.round() - 1).append(',').append(l).append(',')
                                .append(t).append(',').append(losses[l][t]).append('\n');
                    }
                }
                localFile.write(utf8(lines));
            }
            if (record.masks() != null) {
                record.masks().toBytes(config.width(), maskBuffer);
                masksFile.write(maskBuffer);
                recordedMaskRounds++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the run directory "
                    + files.directory(), e);
        }
    }

    @Override
    public synchronized void onFinish(TrainingResult result) {
        if (ended) {
            return;
        }
        ended = true;
        try {
            masksFile.close();
            masksFile = null;
            writeTrace(config.rounds(), result.losses());
            Files.deleteIfExists(files.masksPart());
            writeSummary("completed", null, result.losses(), result.wallSeconds());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the run directory "
                    + files.directory(), e);
        }
    }

    /**
     * Ends a run that stopped early (diverged, failed or interrupted): writes the trace of the
     * rounds that finished, so they can be replayed, and a summary whose {@code status} is
     * {@code status} and whose {@code reason} is {@code reason}. Does nothing when no round was
     * recorded or the run already ended.
     *
     * @return whether anything was written
     */
    public synchronized boolean endEarly(String status, String reason) {
        if (ended || recordedLosses.isEmpty()) {
            return false;
        }
        ended = true;
        try {
            if (masksFile != null) {
                masksFile.close();
                masksFile = null;
            }
            int rounds = Math.min(recordedMaskRounds, recordedLosses.size() - 1);
            double[] losses = new double[rounds + 1];
            for (int k = 0; k <= rounds; k++) {
                losses[k] = recordedLosses.get(k);
            }
            writeTrace(rounds, losses);
            Files.deleteIfExists(files.masksPart());
            writeSummary(status, reason, losses, lastElapsedSeconds);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot end the run directory " + files.directory(),
                    e);
        }
    }

    /** Returns how many rounds after round 0 were recorded. */
    public synchronized int completedRounds() {
        return Math.max(0, recordedLosses.size() - 1);
    }

    private void writeTrace(int completedRounds, double[] losses) throws IOException {
        long rounds = completedRounds;
        long p = config.subnetworks();
        long m = config.width();
        NpzWriter.write(files.trace(), npz -> {
            npz.putMatrix("X", train.x());
            npz.putMatrix("Y", train.y());
            npz.putMatrix("W0", initial.weights());
            npz.putMatrix("a", initial.signs());
            npz.putUint8("masks", new long[] {rounds, p, m}, out -> {
                try (InputStream in = Files.newInputStream(files.masksPart())) {
                    copyPrefix(in, out, rounds * p * m);
                }
            });
            npz.putFloat64("losses", new long[] {losses.length}, losses);
            npz.putFloat64("keep_probabilities", new long[] {p}, config.keepProbabilities());
            if (test != null) {
                npz.putMatrix("X_test", test.x());
                npz.putMatrix("Y_test", test.y());
            }
        });
    }

    private static void copyPrefix(InputStream in, OutputStream out, long bytes)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = bytes;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("the mask file ended " + left + " bytes early");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    private void writeSummary(String status, String reason, double[] losses, double wallSeconds)
            throws IOException {
        int rounds = losses.length - 1;
        double initial = losses[0];
        double last = losses[rounds];
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", status);
        if (reason != null) {
            summary.put("reason", reason);
        }
        summary.put("rounds", rounds);
        summary.put("rounds_requested", config.rounds());
        summary.put("initial_loss", initial);
        summary.put("final_loss", last);
        summary.put("initial_mse", initial / ((double) train.n() * train.c()));
        summary.put("final_mse", last / ((double) train.n() * train.c()));
        if (lastTest != null) {
            summary.put("final_test_loss", lastTest.loss());
            summary.put("final_test_mse", lastTest.meanSquaredError());
            if (test.oneHot()) {
                summary.put("final_test_accuracy", lastTest.accuracy());
            }
        }
        summary.put("wall_seconds", wallSeconds);
        summary.put("seconds_per_round", rounds == 0 ? 0.0 : wallSeconds / rounds);
        summary.put("kernel", kernel);
        summary.put("engine", engine);
        if (engineTraffic) {
            // Totals over the recorded rounds of the metrics.csv traffic columns.
            summary.putAll(trafficTotal.toMap());
        }
        for (Supplier<? extends Map<String, ?>> source : summarySources) {
            try {
                summary.putAll(source.get());
            } catch (RuntimeException e) {
                // A run that stopped early may lack what a source summarizes; keep the rest.
                summary.put("summary_error", e.toString());
            }
        }
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("config", files.config().toString());
        paths.put("metrics", files.metrics().toString());
        paths.put("local", files.local().toString());
        paths.put("trace", files.trace().toString());
        summary.put("files", paths);
        AtomicFiles.writeString(files.summary(), JSON.writeValueAsString(summary) + "\n");
    }

    /** Closes the CSV and mask streams; safe to call after a failure or twice. */
    @Override
    public synchronized void close() {
        closeQuietly(metricsFile);
        closeQuietly(localFile);
        closeQuietly(masksFile);
        metricsFile = null;
        localFile = null;
        masksFile = null;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // The run already failed or finished; a close error adds nothing the user can act on.
        }
    }
}
