package org.masktrain.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.masktrain.InvalidInputException;
import org.masktrain.Version;
import org.masktrain.data.DataLoader;
import org.masktrain.data.DataRequest;
import org.masktrain.data.PreparedData;
import org.masktrain.data.PreprocessOptions;
import org.masktrain.data.Preprocessor;
import org.masktrain.data.RawData;
import org.masktrain.engine.EngineSettings;
import org.masktrain.engine.Engines;
import org.masktrain.engine.SubnetworkEngine;
import org.masktrain.ntk.LearningRateSearch;
import org.masktrain.ntk.NtkDiagnostics;
import org.masktrain.random.RandomStreams;
import org.masktrain.run.Checkpoint;
import org.masktrain.run.RunDirectory;
import org.masktrain.run.RunLock;
import org.masktrain.run.RunRecorder;
import org.masktrain.training.MemoryEstimate;
import org.masktrain.training.RoundRecord;
import org.masktrain.training.Trainer;
import org.masktrain.training.TrainingConfig;
import org.masktrain.training.TrainingDivergedException;
import org.masktrain.training.TrainingListener;
import org.masktrain.training.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code masktrain train}: runs Algorithm 1 and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = MasktrainCommand.VersionProvider.class,
        description = {
            "Trains a one-hidden-layer ReLU network by randomly masked sub-network training "
                    + "and writes a run directory: config.json, metrics.csv (L_k per round), "
                    + "local.csv (every local step), trace.npz (data, W0, a and masks for a "
                    + "NumPy replay) and summary.json.",
            "",
            "Examples:",
            "  masktrain train",
            "  masktrain train --preset dropout --xi 0.8 --rounds 100",
            "  masktrain train --preset ist-categorical --subnets 4 --local-steps 5",
            "  masktrain train --config runs/<run>/config.json   (repeats that run)",
            "  masktrain train --resume runs/<run>   (continues a stopped run)",
            ""
        })
final class TrainCommand implements Callable<Integer> {

    @Mixin
    private DataOptions dataOptions = new DataOptions();

    @Mixin
    private TrainingOptions trainingOptions = new TrainingOptions();

    @Mixin
    private EngineOptions engineOptions = new EngineOptions();

    @Mixin
    private DiagnosticsOptions diagnostics = new DiagnosticsOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (output.resume != null) {
            return resume(output.resume);
        }
        PrintStream stdout = System.out;

        // Validation of every input before anything is written.
        TrainingConfig trainingConfig = trainingOptions.toBuilder().build();
        EngineSettings engineSettings = engineOptions.toSettings(trainingConfig);
        diagnostics.validate();
        output.validate();
        DataRequest request = dataOptions.toRequest();
        PreprocessOptions preprocess = dataOptions.toPreprocessOptions();
        Path out = RunDirectories.normalize(output.out);
        RunDirectories.checkUsable(out);
        RawData raw = DataLoader.load(request);
        PreparedData prepared = Preprocessor.prepare(raw, preprocess,
                new RandomStreams(trainingConfig.seed()));
        Trainer trainer = createTrainer(trainingConfig, engineSettings);
        trainer.validate(prepared.train(), prepared.test());
        requireMemory(trainingConfig, prepared);

        stdout.println("data: " + raw.description());
        raw.notes().forEach(note -> stdout.println("  - " + note));
        prepared.steps().forEach(step -> stdout.println("  - " + step));
        LearningRateSearch.Result search = null;
        if (diagnostics.lrSearch) {
            search = LearningRateSearch.search(trainingConfig, prepared.train(),
                    LearningRateSearch.DEFAULT_FLOOR);
            trainingConfig = trainingConfig.toBuilder().learningRate(search.learningRate())
                    .build();
            TheoryReport.printSearch(stdout, search);
        }
        stdout.println("model: " + describe(trainingConfig, prepared));

        // The engine starts before the run directory exists, so an engine that cannot start,
        // such as a Spark master out of reach, leaves nothing behind. Training closes it, and
        // the try block closes it when training never began (a second close does nothing).
        try (SubnetworkEngine engine = startEngine(trainingConfig, engineSettings)) {
            trainer = new Trainer(trainingConfig, kernel -> engine);
            boolean existed = out != null && Files.isDirectory(out);
            Path directory = RunDirectories.create(out, runLabel(trainingConfig));
            ObjectNode parameters = parameters(request, preprocess, trainingConfig,
                    engineSettings);
            Map<String, Object> provenance = provenance(raw, prepared);
            TheoryReport.addProvenance(provenance, diagnostics, search);
            RunLock lock;
            RunRecorder recorder;
            try {
                lock = RunLock.acquire(directory);
            } catch (RuntimeException e) {
                if (!existed) {
                    RunDirectories.deleteQuietly(directory);
                }
                throw e;
            }
            try (lock) {
                try {
                    recorder = new RunRecorder(directory, prepared.train(), prepared.test(),
                            parameters, provenance);
                } catch (RuntimeException e) {
                    if (!existed) {
                        RunDirectories.deleteQuietly(directory);
                    }
                    throw e;
                }
                return execute(trainer, trainingConfig, prepared, directory, recorder, false);
            }
        }
    }

    /**
     * Continues the run in {@code directory} from its checkpoint, with the options stored in
     * its config.json (installed as defaults by {@link ConfigFileDefaults#install}).
     */
    private int resume(Path directory) {
        rejectOptionsBesideResume();
        RunDirectory.open(directory);
        try (RunLock lock = RunLock.acquire(directory)) {
            return resumeLocked(directory);
        }
    }

    private int resumeLocked(Path directory) {
        PrintStream stdout = System.out;
        RunDirectory run = RunDirectory.open(directory);
        TrainingConfig trainingConfig = trainingOptions.toBuilder().build();
        int storedRounds = run.parameters().path("rounds").asInt(-1);
        boolean extended = trainingConfig.rounds() > storedRounds;
        if (trainingConfig.rounds() < storedRounds) {
            throw new InvalidInputException("--rounds " + trainingConfig.rounds() + " is below "
                    + "the " + storedRounds + " rounds of the run in " + directory + "; --rounds "
                    + "with --resume can only extend a run");
        }
        if (run.status() == RunDirectory.Status.COMPLETED && !extended) {
            stdout.println("run directory " + directory + " is already complete after its "
                    + storedRounds + " rounds; give --rounds N beside --resume to extend it "
                    + "(editing rounds in config.json does not)");
            return 0;
        }
        if (run.summaryStatus().equals("diverged")) {
            throw new InvalidInputException("the run in " + directory + " stopped because "
                    + "training diverged (" + run.summaryReason() + "); resuming would diverge "
                    + "again, so start a new run with a smaller --lr");
        }
        if (diagnostics.period() > 0) {
            throw new InvalidInputException("the run in " + directory + " records NTK "
                    + "diagnostics (--diagnostics-every " + diagnostics.period() + "), which "
                    + "cannot be resumed; start it again");
        }

        diagnostics.validate();
        output.validate();
        DataRequest request = dataOptions.toRequest();
        PreprocessOptions preprocess = dataOptions.toPreprocessOptions();
        EngineSettings engineSettings = engineOptions.toSettings(trainingConfig);
        ObjectNode parameters = parameters(request, preprocess, trainingConfig, engineSettings);
        RawData raw = DataLoader.load(request);
        PreparedData prepared = Preprocessor.prepare(raw, preprocess,
                new RandomStreams(trainingConfig.seed()));
        Trainer trainer = createTrainer(trainingConfig, engineSettings);
        trainer.validate(prepared.train(), prepared.test());
        Checkpoint checkpoint = run.verifiedCheckpoint(parameters, trainingConfig,
                prepared.train(), prepared.test()).orElse(null);
        requireMemory(trainingConfig, prepared);

        // As for a new run, the engine starts before any file of the run directory changes.
        try (SubnetworkEngine engine = startEngine(trainingConfig, engineSettings)) {
            return resumeOn(engine, directory, run, trainingConfig, parameters, raw, prepared,
                    checkpoint, extended);
        }
    }

    private int resumeOn(SubnetworkEngine engine, Path directory, RunDirectory run,
            TrainingConfig trainingConfig, ObjectNode parameters, RawData raw,
            PreparedData prepared, Checkpoint checkpoint, boolean extended) {
        PrintStream stdout = System.out;
        Trainer trainer = new Trainer(trainingConfig, kernel -> engine);
        Map<String, Object> provenance = provenance(raw, prepared);
        TheoryReport.addProvenance(provenance, diagnostics, null);
        RunRecorder recorder = new RunRecorder(directory, prepared.train(), prepared.test(),
                parameters, provenance);
        if (extended) {
            run.updateRounds(trainingConfig.rounds());
        }
        if (checkpoint != null) {
            recorder.resumeFrom(checkpoint.state(), trainingConfig, engine.reportsTraffic());
            trainer.resumeFrom(checkpoint.state());
            stdout.println("resuming " + directory + " after round "
                    + checkpoint.state().round() + " of " + trainingConfig.rounds());
        } else {
            try {
                recorder.removeLeftovers();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean the run directory " + directory, e);
            }
            stdout.println("restarting " + directory + ": it has no checkpoint yet");
        }
        stdout.println("model: " + describe(trainingConfig, prepared));
        return execute(trainer, trainingConfig, prepared, directory, recorder, true);
    }

    /** Trains with {@code recorder} writing {@code directory}; shared by new and resumed runs. */
    private int execute(Trainer trainer, TrainingConfig trainingConfig, PreparedData prepared,
            Path directory, RunRecorder recorder, boolean resumed) {
        PrintStream stdout = System.out;
        trainer.stopWhenLossGrows(diagnostics.divergenceFactor(),
                diagnostics.divergencePatience());
        if (output.checkpointEvery() > 0) {
            trainer.checkpointEvery(output.checkpointEvery(), recorder.checkpointSink());
        }
        RoundCounter counter = new RoundCounter();
        Thread interruption = new Thread(() -> recordInterruption(recorder, directory),
                "masktrain-interruption");
        Runtime.getRuntime().addShutdownHook(interruption);
        // NOTE: a resumed run leaves out the theory report, because its measured contraction
        // would cover only the rounds after the checkpoint.
        try (recorder;
                NtkDiagnostics ntk = resumed ? null : TheoryReport.createDiagnostics(diagnostics,
                        prepared.train(), directory, trainingConfig.seed())) {
            trainer.addListener(counter).addListener(recorder);
            if (ntk != null) {
                trainer.addListener(ntk);
                recorder.addSummaryFields(ntk::summaryFields);
            }
            if (!output.quiet) {
                trainer.addListener(new ProgressReporter(System.err, System.console() != null));
            }
            TrainingResult result = trainer.train(prepared.train(), prepared.test());
            printResult(stdout, result, counter, directory,
                    squaredNorm(prepared.train().y().data()));
            if (ntk != null) {
                TheoryReport.print(stdout, ntk);
            }
        } catch (RuntimeException e) {
            if (isShuttingDown()) {
                // A signal is stopping the JVM, and the engine failed because of it: Spark's
                // own shutdown hook stops its application under the running round. The run
                // counts as interrupted, and the engine's error is not reported.
                recordInterruption(recorder, directory);
                return ErrorHandling.FAILURE;
            }
            if (counter.rounds == 0 && !resumed) {
                RunDirectories.deleteQuietly(directory);
            } else if (recorder.endEarly(e instanceof TrainingDivergedException ? "diverged"
                    : "failed", e.getMessage())) {
                String status = e instanceof TrainingDivergedException ? "diverged" : "failed";
                System.err.println("masktrain: the " + recorder.completedRounds() + " finished "
                        + "rounds are kept in " + directory + " (summary.json says '" + status
                        + "')");
            }
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interruption);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook is running or has run.
            }
        }
        return 0;
    }

    /**
     * Records the run as interrupted and prints how to continue it, unless the run already
     * ended. The shutdown hook of a signal and the training thread both call it.
     */
    private static void recordInterruption(RunRecorder recorder, Path directory) {
        if (recorder.endEarly("interrupted", "stopped by a signal")) {
            System.err.println("masktrain: interrupted; the " + recorder.completedRounds()
                    + " finished rounds are kept in " + directory + "; continue with "
                    + "'masktrain train --resume " + directory + "'");
        }
    }

    /** Returns whether the JVM is running its shutdown hooks, as after Ctrl-C or SIGTERM. */
    private static boolean isShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** Rejects options given beside --resume, which takes every value from config.json. */
    private void rejectOptionsBesideResume() {
        Set<String> allowed = Set.of("--resume", "--rounds", "--quiet", "--verbose", "--debug");
        List<String> extra = new ArrayList<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            if (!allowed.contains(option.longestName())) {
                extra.add(option.longestName());
            }
        }
        if (!extra.isEmpty()) {
            throw new InvalidInputException("--resume continues a run with the options in its "
                    + "config.json, so " + String.join(", ", extra) + " cannot be given with "
                    + "it; only --rounds (to extend the run), --quiet, --verbose and --debug "
                    + "can");
        }
    }

    /**
     * Returns config.json's parameters: every option that changes the numbers of a run or how
     * it stops, so that {@code --config} repeats the run and {@code --resume} continues it.
     */
    private ObjectNode parameters(DataRequest request, PreprocessOptions preprocess,
            TrainingConfig trainingConfig, EngineSettings engineSettings) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        DataOptions.writeParameters(request, preprocess, parameters);
        TrainingOptions.writeParameters(trainingConfig, parameters);
        EngineOptions.writeParameters(engineSettings, parameters);
        parameters.put("divergence-factor", diagnostics.divergenceFactor());
        parameters.put("divergence-patience", diagnostics.divergencePatience());
        parameters.put("diagnostics-every", diagnostics.period());
        parameters.put("checkpoint-every", output.checkpointEvery());
        return parameters;
    }

    private static void requireMemory(TrainingConfig config, PreparedData prepared) {
        MemoryEstimate.of(config, prepared.train().n(), prepared.train().d(),
                prepared.train().c(), prepared.test() == null ? 0 : prepared.test().n())
                .requireFits();
    }

    private static Trainer createTrainer(TrainingConfig config, EngineSettings settings) {
        return new Trainer(config, kernel -> Engines.create(settings, kernel));
    }

    /** Creates the engine for the kernel the configuration names; the caller closes it. */
    private static SubnetworkEngine startEngine(TrainingConfig config,
            EngineSettings settings) {
        return Engines.create(settings, config.kernel().create());
    }

    private static String describe(TrainingConfig config, PreparedData prepared) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "n = %d, d = %d, c = %d, m = %d, ",
                prepared.train().n(), prepared.train().d(), prepared.train().c(),
                config.width()));
        text.append(config.masks().label()).append(" masks");
        if (config.masks() == org.masktrain.masks.MaskKind.BERNOULLI) {
            double[] xi = config.keepProbabilities();
            text.append(" xi = ").append(xi.length > 0 && allEqual(xi) ? String.valueOf(xi[0])
                    : java.util.Arrays.toString(xi));
        }
        text.append(String.format(Locale.ROOT, ", p = %d, tau = %d, K = %d, eta = %s (%s, %s "
                + "scaling)", config.subnetworks(), config.localSteps(), config.rounds(),
                config.learningRate(), config.reduction().label(), config.scaling().label()));
        if (config.minibatch()) {
            text.append(", batch ").append(config.batchSize());
        }
        if (config.preset() != null) {
            text.append(", preset ").append(config.preset().label());
        }
        return text.toString();
    }

    private static boolean allEqual(double[] values) {
        for (double value : values) {
            if (value != values[0]) {
                return false;
            }
        }
        return true;
    }

    private static double squaredNorm(double[] values) {
        double sum = 0.0;
        for (double value : values) {
            sum += value * value;
        }
        return sum;
    }

    private static String runLabel(TrainingConfig config) {
        return config.preset() != null ? config.preset().label() : config.masks().label();
    }

    private Map<String, Object> provenance(RawData raw, PreparedData prepared) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("masktrain_version", Version.get());
        provenance.put("java_version", System.getProperty("java.version"));
        provenance.put("java_vm", System.getProperty("java.vm.name"));
        provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        provenance.put("created", OffsetDateTime.now().toString());
        provenance.put("data_source", raw.description());
        provenance.put("data_samples_available", raw.availableSamples());
        provenance.put("data_samples_loaded", raw.loadedSamples());
        provenance.put("data_notes", raw.notes());
        provenance.put("preprocessing", prepared.steps());
        provenance.put("target_scale", prepared.targetScale());
        provenance.put("duplicate_pairs", prepared.duplicatePairs());
        if (output.config != null) {
            provenance.put("config_file", output.config.toAbsolutePath().normalize().toString());
        }
        if (trainingOptions.lrStd != null) {
            provenance.put("lr_std", trainingOptions.lrStd);
        }
        return provenance;
    }

    private static void printResult(PrintStream stdout, TrainingResult result,
            RoundCounter counter, Path directory, double targetNorm) {
        double initial = result.initialLoss();
        double last = result.finalLoss();
        int rounds = result.config().rounds();
        double change = 100 * (1 - last / initial);
        stdout.printf(Locale.ROOT, "loss: %.6g -> %.6g after %d round%s (%.1f%% %s)%n",
                initial, last, rounds, rounds == 1 ? "" : "s", Math.abs(change),
                change >= 0 ? "lower" : "higher");
        if (Math.abs(last - targetNorm) <= 1e-12 * targetNorm && targetNorm > 0) {
            System.err.printf(Locale.ROOT, "masktrain: warning: the final loss equals ||Y||^2 = "
                    + "%.6g, so the network outputs zero for every sample (every ReLU is "
                    + "inactive); the step size is probably too large, try --lr %.3g%n",
                    targetNorm, result.config().learningRate() / 10);
        }
        if (counter.last != null && counter.last.test() != null) {
            if (!Double.isNaN(counter.last.test().accuracy())) {
                stdout.printf(Locale.ROOT, "held-out: loss %.6g, accuracy %.1f%%%n",
                        counter.last.test().loss(), 100 * counter.last.test().accuracy());
            } else {
                stdout.printf(Locale.ROOT, "held-out: loss %.6g%n", counter.last.test().loss());
            }
        }
        stdout.printf(Locale.ROOT, "time: %.2f s (%.3f s per round)%n", result.wallSeconds(),
                result.wallSeconds() / result.config().rounds());
        stdout.println("run directory: " + directory);
    }

    /** Counter of delivered rounds, so a failure can tell whether any output is worth keeping. */
    private static final class RoundCounter implements TrainingListener {
        private int rounds;
        private RoundRecord last;

        @Override
        public void onRound(RoundRecord record) {
            rounds++;
            last = record;
        }
    }

    /** Options for the run directory, the config file and the amount of output. */
    static final class OutputOptions {
        static final int DEFAULT_CHECKPOINT_EVERY = 1;

        @Option(names = {"-o", "--out"}, paramLabel = "DIR",
                description = "Run directory to create; must be new or empty (default: "
                        + "runs/<date>-<time>-<masks> under the current directory).")
        Path out;

        @Option(names = "--resume", paramLabel = "DIR",
                description = "Continue the stopped or killed run in DIR from its last "
                        + "checkpoint, with the options in DIR/config.json; the finished run "
                        + "equals one that never stopped. Only --rounds (a larger value "
                        + "extends the run, also a complete one), --quiet, --verbose and "
                        + "--debug can be given with it.")
        Path resume;

        @Option(names = "--checkpoint-every", paramLabel = "N",
                description = "Write checkpoint.npz to the run directory after every N-th "
                        + "round, for --resume; 0 writes none (default: "
                        + DEFAULT_CHECKPOINT_EVERY + ").")
        Integer checkpointEvery;

        @Option(names = "--config", paramLabel = "FILE",
                description = "JSON file of option values keyed by option name, such as "
                        + "{\"width\": 500}; a run's config.json repeats that run. Options on the "
                        + "command line win.")
        Path config;

        @Option(names = {"-q", "--quiet"},
                description = "Print no progress bar or per-round lines.")
        boolean quiet;

        @Option(names = {"-v", "--verbose"}, description = "Log every round on standard error.")
        boolean verbose;

        @Option(names = "--debug", description = "Print stack traces of errors.")
        boolean debug;

        int checkpointEvery() {
            return checkpointEvery == null ? DEFAULT_CHECKPOINT_EVERY : checkpointEvery;
        }

        void validate() {
            if (checkpointEvery != null && checkpointEvery < 0) {
                throw new InvalidInputException("--checkpoint-every must be >= 0, got "
                        + checkpointEvery);
            }
        }
    }
}
