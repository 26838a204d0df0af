package org.masktrain.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.masktrain.InvalidInputException;
import org.masktrain.data.PreparedData;
import org.masktrain.io.AtomicFiles;
import org.masktrain.report.RunDirectoryReader;
import org.masktrain.run.RunDirectory;
import org.masktrain.run.RunRecorder;
import org.masktrain.training.Trainer;
import org.masktrain.training.TrainingConfig;
import org.masktrain.training.TrainingDivergedException;

/**
 * Runs the cells of a sweep on a bounded thread pool, each into an ordinary run directory, and
 * resumes an interrupted sweep cell by cell.
 *
 * <p>A cell counts as done when its summary.json exists: {@link RunRecorder} writes it
 * atomically, after every other file. A cell directory without one is a run that was killed; it
 * is deleted and run again from the start. Each cell trains on one thread with its own seed,
 * derived from the sweep's root seed and the cell's indices, so the results do not depend on
 * the number of parallel jobs.
 */
public final class SweepRunner {

    /** A run whose loss stays above this multiple of L_0 for {@link #DIVERGENCE_PATIENCE}. */
    static final double DIVERGENCE_FACTOR = 10.0;
    static final int DIVERGENCE_PATIENCE = 3;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** The contents of a cell's config.json, supplied by the command line. */
    public interface CellDescriber {
        /**
         * Returns the parameters under the command-line option names, so that
         * {@code masktrain train --config} repeats the run.
         */
        ObjectNode parameters(TrainingConfig config);

        /** Returns the provenance object: versions, data source, preprocessing steps. */
        Map<String, Object> provenance();
    }

    /** Receives a line per finished cell; called from the pool's threads, one at a time. */
    public interface Progress {
        /**
         * Reports a finished cell.
         *
         * @param done cells finished so far, resumed ones included
         * @param total cells in the sweep
         * @param cell the cell
         * @param kept whether the cell was done before this sweep started and was not run
         * @param outcome the status in words
         */
        void cellDone(int done, int total, SweepCell cell, boolean kept, String outcome);
    }

    private final Path directory;
    private final ExperimentSettings settings;
    private final List<SweepCell> cells;
    private final PreparedData data;
    private final ObjectNode definition;
    private final CellDescriber describer;
    private final int jobs;
    private final Progress progress;
    private int done;

    /**
     * @param directory the sweep folder; created when missing
     * @param settings the sweep's settings
     * @param cells the runs, from {@link SweepPlans#cells}
     * @param data the data every cell trains on; not modified
     * @param dataDescription the data options and source, stored in sweep.json
     * @param describer the contents of each cell's config.json
     * @param jobs cells run at once, at least 1
     * @param progress receives a line per finished cell
     */
    public SweepRunner(Path directory, ExperimentSettings settings, List<SweepCell> cells,
            PreparedData data, JsonNode dataDescription, CellDescriber describer, int jobs,
            Progress progress) {
        this.directory = directory;
        this.settings = settings;
        this.cells = List.copyOf(cells);
        this.data = data;
        this.describer = describer;
        this.jobs = jobs;
        this.progress = progress;
        ObjectNode node = JSON.createObjectNode();
        node.put("figure", settings.figure().label());
        node.set("settings", JSON.valueToTree(settings));
        node.set("data", dataDescription.deepCopy());
        // Through text and back, so numbers have the node types a later read of sweep.json
        // gives them (a long seed of 0 reads back as an int) and compare equal.
        try {
            this.definition = (ObjectNode) JSON.readTree(JSON.writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the sweep settings", e);
        }
    }

    /**
     * Returns the sweep's definition: the figure, the settings and the data. sweep.json stores
     * it, and a sweep resumes only in a folder with the same definition.
     */
    public ObjectNode definition() {
        return definition.deepCopy();
    }

    /**
     * Runs every cell that is not done yet and writes sweep.json first.
     *
     * @return how many cells were run now (the others were already done)
     * @throws InvalidInputException when the folder contains a sweep of another definition
     */
    public int run() {
        prepareFolder();
        List<SweepCell> pending = new ArrayList<>();
        for (SweepCell cell : cells) {
            if (RunDirectory.isFinished(directory.resolve(cell.relativePath()))) {
                report(cell, true, "done before, kept");
            } else {
                pending.add(cell);
            }
        }
        if (pending.isEmpty()) {
            return 0;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, pending.size()));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (SweepCell cell : pending) {
                futures.add(pool.submit(() -> {
                    String outcome = runCell(cell);
                    report(cell, false, outcome);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            pool.shutdownNow();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a cell of the sweep failed: " + cause, cause);
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted", e);
        } finally {
            pool.shutdown();
        }
        return pending.size();
    }

    private synchronized void report(SweepCell cell, boolean kept, String outcome) {
        done++;
        progress.cellDone(done, cells.size(), cell, kept, outcome);
    }

    private void prepareFolder() {
        Path file = directory.resolve(RunDirectoryReader.SWEEP_FILE);
        if (Files.exists(file)) {
            JsonNode existing = RunDirectoryReader.readJson(file);
            ObjectNode stored = JSON.createObjectNode();
            stored.set("figure", existing.path("figure"));
            stored.set("settings", existing.path("settings"));
            stored.set("data", existing.path("data"));
            if (!stored.equals(definition)) {
                throw new InvalidInputException(directory + " contains a sweep with other settings "
                        + "or data (see its " + RunDirectoryReader.SWEEP_FILE + "); give a new "
                        + "--out, or the same settings to resume it");
            }
            return;
        }
        if (Files.exists(directory) && !isEmpty(directory)) {
            throw new InvalidInputException(directory + " exists and is not a sweep folder; "
                    + "give a new or empty --out");
        }
        ObjectNode document = definition.deepCopy();
        document.put("title", settings.figure().title());
        document.put("masktrain_version", org.masktrain.Version.get());
        ArrayNode list = document.putArray("cells");
        for (SweepCell cell : cells) {
            ObjectNode node = list.addObject();
            node.put("group", cell.group());
            node.put("name", cell.groupName());
            node.put("repetition", cell.repetition());
            node.put("path", cell.relativePath());
            node.put("seed", cell.config().seed());
            node.set("parameters", JSON.valueToTree(cell.parameters()));
        }
        try {
            Files.createDirectories(directory);
            AtomicFiles.writeString(file, JSON.writeValueAsString(document) + "\n");
        } catch (IOException e) {
            throw new InvalidInputException("cannot write the sweep folder " + directory + ": "
                    + e.getMessage() + "; choose a writable --out");
        }
    }

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new InvalidInputException(folder + " cannot be read: " + e.getMessage());
        }
    }

    /** Runs one cell from scratch into its run directory; returns the outcome in words. */
    private String runCell(SweepCell cell) throws IOException {
        Path runDirectory = directory.resolve(cell.relativePath());
        if (Files.exists(runDirectory)) {
            deleteRecursively(runDirectory);
        }
        Files.createDirectories(runDirectory);

        Map<String, Object> provenance = new LinkedHashMap<>(describer.provenance());
        provenance.put("sweep_figure", settings.figure().label());
        provenance.put("sweep_cell", cell.groupName());
        provenance.put("sweep_repetition", cell.repetition());
        provenance.put("sweep_parameters", cell.parameters());
        RunRecorder recorder = new RunRecorder(runDirectory, data.train(), data.test(),
                describer.parameters(cell.config()), provenance);
        Trainer trainer = new Trainer(cell.config()).addListener(recorder);
        ConvergenceRule rule = settings.rule();
        ConvergenceMonitor monitor = rule == null ? null : new ConvergenceMonitor(rule);
        if (monitor != null) {
            trainer.addListener(monitor);
            recorder.addSummaryFields(() -> convergenceFields(rule, monitor));
        }
        trainer.stopWhenLossGrows(DIVERGENCE_FACTOR, DIVERGENCE_PATIENCE);
        try (recorder) {
            trainer.train(data.train(), data.test());
            return "completed " + cell.config().rounds() + " rounds";
        } catch (ConvergenceMonitor.Converged stop) {
            recorder.endEarly("converged", stop.getMessage());
            return String.format(java.util.Locale.ROOT, "converged at round %d, error %.4g",
                    stop.outcome().stopRound(), stop.outcome().value());
        } catch (TrainingDivergedException e) {
            if (!recorder.endEarly("diverged", e.getMessage())) {
                throw e;
            }
            return "diverged at round " + recorder.completedRounds();
        }
    }

    private static Map<String, Object> convergenceFields(ConvergenceRule rule,
            ConvergenceMonitor monitor) {
        ConvergenceRule.Outcome outcome = rule.apply(monitor.errors());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("converged_error", Double.isFinite(outcome.value()) ? outcome.value() : null);
        fields.put("converged_error_round", outcome.bestRound());
        fields.put("convergence_window", rule.window());
        fields.put("convergence_patience", rule.patience());
        fields.put("convergence_floor", rule.floor());
        fields.put("convergence_reason", outcome.reason());
        return fields;
    }

    /** Deletes {@code folder} and everything under it, without following links. */
    static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the unfinished run " + folder, e);
        }
    }
}
