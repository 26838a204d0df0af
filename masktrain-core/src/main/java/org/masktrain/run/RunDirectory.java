package org.masktrain.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.masktrain.InvalidInputException;
import org.masktrain.data.Dataset;
import org.masktrain.io.AtomicFiles;
import org.masktrain.training.TrainingConfig;

/**
 * A run directory read back from disk: its configuration, whether the run completed, and its
 * checkpoint. Sweeps use it to skip finished runs and resume unfinished ones.
 *
 * <p>Resuming takes four steps: {@link #open} the directory and check {@link #status}; rebuild
 * the configuration and load the data; get the checkpoint with {@link #verifiedCheckpoint};
 * then call {@link RunRecorder#resumeFrom} on a recorder for the directory and
 * {@link org.masktrain.training.Trainer#resumeFrom} on the trainer, and train. Without a
 * checkpoint the run starts again from round 0 after {@link RunRecorder#removeLeftovers}.
 *
 * <p>The directory and every run file in it must be a real directory and regular files, not
 * symbolic links, so that resuming never writes outside the directory. Reading is bounded:
 * {@code config.json} and {@code summary.json} larger than {@link #MAX_JSON_BYTES} are rejected.
 */
public final class RunDirectory {

    /** Status of a run directory. */
    public enum Status {
        /** summary.json records {@code completed}: every requested round finished. */
        COMPLETED,
        /** summary.json records an early stop: diverged, failed or interrupted. */
        STOPPED,
        /** No summary.json: the run is going on, or its process was killed. */
        UNFINISHED
    }

    /** The largest config.json or summary.json accepted, in bytes. */
    public static final long MAX_JSON_BYTES = 1 << 20;

    /**
     * Parameters that change no round's numbers: the number of rounds (round k is the same
     * in runs of any length) and the checkpoint period. The configuration digest leaves them
     * out, so a checkpoint of a shorter run with otherwise equal parameters is accepted.
     */
    public static final List<String> UNDIGESTED_KEYS = List.of("rounds", "checkpoint-every");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> RUN_FILES = List.of(RunFiles.CONFIG, RunFiles.METRICS,
            RunFiles.LOCAL, RunFiles.TRACE, RunFiles.SUMMARY, RunFiles.MASKS_PART,
            RunFiles.CHECKPOINT);

    private final RunFiles files;
    private final ObjectNode config;
    private final JsonNode summary;

    private RunDirectory(RunFiles files, ObjectNode config, JsonNode summary) {
        this.files = files;
        this.config = config;
        this.summary = summary;
    }

    /**
     * Reads the configuration and summary of the run directory {@code directory}.
     *
     * @throws InvalidInputException when the directory is missing, a symbolic link, has no
     *     readable config.json, or contains a run file that is a link or not a regular file
     */
    public static RunDirectory open(Path directory) {
        if (Files.isSymbolicLink(directory)) {
            throw new InvalidInputException("run directory " + directory + " is a symbolic "
                    + "link; give the directory it points to");
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("run directory " + directory + " not found or not "
                    + "a directory");
        }
        RunFiles files = new RunFiles(directory);
        for (String name : RUN_FILES) {
            Path file = directory.resolve(name);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException("run directory " + directory + ": " + name
                        + " is a symbolic link or not a regular file; a run directory must "
                        + "contain its own files");
            }
        }
        if (!Files.exists(files.config(), LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("run directory " + directory + " has no "
                    + RunFiles.CONFIG + "; it is not a masktrain run directory, or its run was "
                    + "killed before it started");
        }
        JsonNode config = readJson(files.config());
        if (!config.isObject()) {
            throw new InvalidInputException(files.config() + ": expected a JSON object");
        }
        JsonNode summary = Files.exists(files.summary(), LinkOption.NOFOLLOW_LINKS)
                ? readJson(files.summary()) : null;
        if (summary != null && !summary.isObject()) {
            throw new InvalidInputException(files.summary() + ": expected a JSON object");
        }
        return new RunDirectory(files, (ObjectNode) config, summary);
    }

    /**
     * Returns whether {@code directory} contains a run that completed every requested round;
     * false for a missing, unfinished, stopped, unreadable or damaged directory, where
     * {@link #open} would throw {@link InvalidInputException}.
     */
    public static boolean isComplete(Path directory) {
        try {
            return open(directory).status() == Status.COMPLETED;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /**
     * Returns whether {@code directory} contains a finished run, one that completed or stopped
     * early and wrote its summary.json; false for a missing, unfinished, unreadable or damaged
     * directory. A sweep runs again every run that is not finished.
     */
    public static boolean isFinished(Path directory) {
        try {
            return open(directory).status() != Status.UNFINISHED;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /** Returns the file names of this run. */
    public RunFiles files() {
        return files;
    }

    /** Returns the run's parameters: config.json without its {@code provenance} object. */
    public ObjectNode parameters() {
        ObjectNode parameters = config.deepCopy();
        parameters.remove(RunRecorder.PROVENANCE);
        return parameters;
    }

    /** Returns config.json's {@code provenance} object, or an empty object. */
    public JsonNode provenance() {
        JsonNode provenance = config.get(RunRecorder.PROVENANCE);
        return provenance != null && provenance.isObject() ? provenance
                : JSON.createObjectNode();
    }

    /**
     * Returns the status; {@link Status#COMPLETED} needs a summary whose {@code status} is
     * {@code completed}, whose {@code rounds} equals {@code rounds_requested}, and a trace file.
     */
    public Status status() {
        if (summary == null) {
            return Status.UNFINISHED;
        }
        if (summaryStatus().equals("completed")
                && summary.path("rounds").isInt()
                && summary.path("rounds").equals(summary.path("rounds_requested"))
                && Files.isRegularFile(files.trace(), LinkOption.NOFOLLOW_LINKS)) {
            return Status.COMPLETED;
        }
        return Status.STOPPED;
    }

    /**
     * Sets {@code rounds} in config.json to {@code rounds}, rewriting the file atomically, so a
     * resumed run can be extended. Round k is the same in runs of any length, so the extended
     * run equals one that was started with {@code rounds}.
     *
     * @throws UncheckedIOException when config.json cannot be written
     */
    public void updateRounds(int rounds) {
        config.put("rounds", rounds);
        try {
            AtomicFiles.writeString(files.config(), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(config) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + files.config(), e);
        }
    }

    /** Returns summary.json's {@code status} text, or an empty string without a summary. */
    public String summaryStatus() {
        return summary == null ? "" : summary.path("status").asText("");
    }

    /** Returns summary.json's {@code reason} text, or an empty string. */
    public String summaryReason() {
        return summary == null ? "" : summary.path("reason").asText("");
    }

    /** Returns whether the directory contains a checkpoint file. */
    public boolean hasCheckpoint() {
        return Files.exists(files.checkpoint(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Reads and verifies the checkpoint; see {@link Checkpoint#read}.
     *
     * @throws InvalidInputException when it is missing, damaged or fails its checksum
     */
    public Checkpoint readCheckpoint(int maxWidth, int maxRounds) {
        return Checkpoint.read(files.checkpoint(), maxWidth, maxRounds);
    }

    /**
     * Reads the checkpoint and checks that it was written under {@code parameters} and on
     * {@code train} and {@code test}; returns empty when the directory has no checkpoint.
     *
     * @param parameters the parameters of the resumed run, as a recorder writes them
     * @param config the resumed run's configuration, which bounds the shapes read
     * @throws InvalidInputException when the checkpoint is damaged, or its configuration or
     *     data digest differs
     */
    public Optional<Checkpoint> verifiedCheckpoint(ObjectNode parameters, TrainingConfig config,
            Dataset train, Dataset test) {
        if (!hasCheckpoint()) {
            return Optional.empty();
        }
        Checkpoint checkpoint = readCheckpoint(config.width(), config.rounds());
        if (!Arrays.equals(checkpoint.configDigest(), configDigest(parameters))) {
            throw new InvalidInputException(files.config() + " no longer matches the "
                    + "configuration the checkpoint was written under; restore the original "
                    + "file or start a new run");
        }
        if (!Arrays.equals(checkpoint.dataDigest(), DataFingerprint.of(train, test))) {
            throw new InvalidInputException("the data loaded differs from the data the run in "
                    + files.directory() + " trained on; restore the original data files to "
                    + "resume it");
        }
        return Optional.of(checkpoint);
    }

    /**
     * Returns the SHA-256 of {@code parameters} in Jackson's compact form, with keys in the
     * given order, leaving out {@code provenance} and the keys of {@link #UNDIGESTED_KEYS}. A
     * checkpoint stores it so a resumed run can tell that the configuration it rebuilt is the
     * one the checkpoint was written under.
     */
    public static byte[] configDigest(ObjectNode parameters) {
        ObjectNode copy = parameters.deepCopy();
        copy.remove(RunRecorder.PROVENANCE);
        copy.remove(UNDIGESTED_KEYS);
        try {
            return Checkpoint.sha256().digest(JSON.writeValueAsString(copy)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_JSON_BYTES) {
                throw new InvalidInputException(file + " has " + size + " bytes, more than the "
                        + MAX_JSON_BYTES + " a run file may have");
            }
            JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (node == null) {
                throw new InvalidInputException(file + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read: " + e.getMessage());
        }
    }
}
