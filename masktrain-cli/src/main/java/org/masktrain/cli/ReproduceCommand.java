package org.masktrain.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.masktrain.InvalidInputException;
import org.masktrain.Version;
import org.masktrain.data.DataLoader;
import org.masktrain.data.DataRequest;
import org.masktrain.data.PreparedData;
import org.masktrain.data.PreprocessOptions;
import org.masktrain.data.Preprocessor;
import org.masktrain.data.RawData;
import org.masktrain.experiments.ExperimentSettings;
import org.masktrain.experiments.Figure;
import org.masktrain.experiments.FigureData;
import org.masktrain.experiments.FigureOutput;
import org.masktrain.experiments.SweepCell;
import org.masktrain.experiments.SweepData;
import org.masktrain.experiments.SweepPlans;
import org.masktrain.experiments.SweepRunner;
import org.masktrain.random.RandomStreams;
import org.masktrain.report.HtmlReport;
import org.masktrain.training.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code masktrain reproduce}: runs the sweeps of Figure 2 of "On the Convergence of Shallow
 * Neural Network Training with Randomly Masked Neurons" (Liao and Kyrillidis, TMLR 2022), draws
 * the figures and writes an HTML report.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = MasktrainCommand.VersionProvider.class,
        description = {
            "Reproduces the experiments of Figure 2 of 'On the Convergence of Shallow Neural "
                    + "Network Training with Randomly Masked Neurons': fig2a (loss at every "
                    + "sampling, local step and aggregation), fig2b (converged error over p and "
                    + "xi), fig2c (converged error against the width), fig2d (improvement per "
                    + "round against p, categorical masks), or all four.",
            "",
            "Step sizes are the paper's standard-parametrization values, converted to "
                    + "masktrain's NTK parametrization (eta = m * lr_std / c). Every run is an "
                    + "ordinary run directory under <out>/<figure>/cells/; a sweep that was "
                    + "stopped resumes run by run when started again with the same options.",
            "",
            "Examples:",
            "  masktrain reproduce all",
            "  masktrain reproduce fig2b --reps 5 --patience 3",
            "  masktrain reproduce fig2c --data features.npz --targets raw --paper-scale",
            ""
        })
final class ReproduceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FIGURE",
            description = "fig2a, fig2b, fig2c, fig2d or all.")
    String figure;

    @Mixin
    private ReproduceOptions options = new ReproduceOptions();

    @Mixin
    private Output output = new Output();

    @Override
    public Integer call() {
        PrintStream stdout = System.out;
        List<Figure> figures = figures(figure);
        List<ExperimentSettings> settings = new ArrayList<>();
        for (Figure each : figures) {
            ExperimentSettings figureSettings = ExperimentSettings.defaults(each,
                    options.paperScale).with(options.overrides());
            // Checks the grid of every figure before the first one runs; c does not matter here.
            SweepPlans.cells(figureSettings, 1);
            settings.add(figureSettings);
        }
        if (options.jobs < 0) {
            throw new InvalidInputException("--jobs " + options.jobs + " is out of range; give "
                    + "0 (one per core) or more");
        }
        int jobs = options.jobs == 0 ? Runtime.getRuntime().availableProcessors() : options.jobs;
        RunDirectories.rejectLink(output.out);
        RunDirectories.checkWritable(output.out);

        long start = System.nanoTime();
        List<Path> folders = new ArrayList<>();
        AtomicBoolean finished = new AtomicBoolean();
        Thread interruption = new Thread(() -> {
            if (!finished.get()) {
                System.err.println("masktrain: interrupted; finished runs are kept in "
                        + output.out + ", and the same command resumes the sweep");
            }
        }, "masktrain-reproduce-interruption");
        Runtime.getRuntime().addShutdownHook(interruption);
        try {
            for (ExperimentSettings each : settings) {
                folders.add(reproduce(stdout, each, jobs));
            }
        } finally {
            finished.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(interruption);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook is running or has run.
            }
        }
        if (figures.size() > 1 && !output.noReport) {
            Path page = output.out.resolve(HtmlReport.PAGE_NAME);
            try {
                HtmlReport.writeCollection(folders, page);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + page, e);
            }
            stdout.println("report: " + page);
        }
        stdout.printf(Locale.ROOT, "total time: %s%n",
                ProgressReporter.formatDuration((System.nanoTime() - start) / 1e9));
        return 0;
    }

    private static List<Figure> figures(String name) {
        if (name.equalsIgnoreCase("all")) {
            return List.of(Figure.values());
        }
        return List.of(Figure.fromLabel(name));
    }

    private Path reproduce(PrintStream stdout, ExperimentSettings settings, int jobs) {
        long start = System.nanoTime();
        Figure figure = settings.figure();
        DataRequest request = request(settings.samples());
        PreprocessOptions preprocess = PreprocessOptions.builder().testFraction(0.0).build();
        RawData raw = DataLoader.load(request);
        PreparedData prepared = Preprocessor.prepare(raw, preprocess,
                new RandomStreams(settings.seed()));
        List<SweepCell> cells = SweepPlans.cells(settings, prepared.train().c());
        Path folder = output.out.resolve(figure.label());
        stdout.println(figure.label() + ": " + figure.title());
        stdout.println("  " + settings.describe());
        stdout.println("  data: " + raw.description() + ", n = " + prepared.train().n()
                + ", d = " + prepared.train().d() + ", c = " + prepared.train().c());

        ObjectNode dataNode = JsonNodeFactory.instance.objectNode();
        DataOptions.writeParameters(request, preprocess, dataNode);
        dataNode.put("source", raw.description());
        Describer describer = new Describer(request, preprocess, raw, prepared);
        SweepProgress progress = new SweepProgress(System.err, figure.label(), output.quiet);
        SweepRunner runner = new SweepRunner(folder, settings, cells, prepared, dataNode,
                describer, jobs, progress);
        int ran = runner.run();

        FigureData.Summary summary = FigureData.summarize(SweepData.read(folder));
        Path base;
        try {
            base = FigureOutput.write(summary);
            if (!output.noReport) {
                HtmlReport.writeSweep(folder, folder.resolve(HtmlReport.PAGE_NAME));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the figure in " + folder, e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stdout.printf(Locale.ROOT, "  %d runs (%d run now, %d kept) in %s%n", cells.size(), ran,
                cells.size() - ran, ProgressReporter.formatDuration(seconds));
        if (summary.unavailableRuns() > 0) {
            stdout.println("  warning: " + summary.unavailableRuns() + " runs could not be read; "
                    + "see " + FigureOutput.RESULTS_FILE);
        }
        stdout.println("  figure: " + base + ".png, " + base.getFileName() + ".svg");
        if (!output.noReport) {
            stdout.println("  report: " + folder.resolve(HtmlReport.PAGE_NAME));
        }
        return folder;
    }

    private DataRequest request(int samples) {
        DataRequest.Builder builder = DataRequest.builder().maxSamples(samples);
        if (options.data != null) {
            builder.location(options.data);
        }
        if (options.featuresKey != null) {
            builder.featuresKey(options.featuresKey);
        }
        if (options.targetsKey != null) {
            builder.targetsKey(options.targetsKey);
        }
        if (options.targets != null) {
            builder.targetMode(options.targets);
        }
        return builder.build();
    }

    /** The config.json contents of a cell, under the options of {@code masktrain train}. */
    private static final class Describer implements SweepRunner.CellDescriber {
        private final DataRequest request;
        private final PreprocessOptions preprocess;
        private final Map<String, Object> provenance = new LinkedHashMap<>();

        Describer(DataRequest request, PreprocessOptions preprocess, RawData raw,
                PreparedData prepared) {
            this.request = request;
            this.preprocess = preprocess;
            provenance.put("masktrain_version", Version.get());
            provenance.put("java_version", System.getProperty("java.version"));
            provenance.put("os", System.getProperty("os.name") + " "
                    + System.getProperty("os.arch"));
            provenance.put("created", OffsetDateTime.now().toString());
            provenance.put("data_source", raw.description());
            provenance.put("data_samples_loaded", raw.loadedSamples());
            provenance.put("preprocessing", prepared.steps());
            provenance.put("target_scale", prepared.targetScale());
            provenance.put("parametrization_note", "step size and initial scale converted from "
                    + "the paper code's standard parametrization: lr = m * lr_std / c, kappa = "
                    + "kappa_std / sqrt(c)");
        }

        @Override
        public ObjectNode parameters(TrainingConfig config) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            DataOptions.writeParameters(request, preprocess, node);
            TrainingOptions.writeParameters(config, node);
            return node;
        }

        @Override
        public Map<String, Object> provenance() {
            return provenance;
        }
    }

    /** Options for the output folder and the amount of output. */
    static final class Output {
        @Option(names = {"-o", "--out"}, paramLabel = "DIR",
                description = "Folder of the sweeps; each figure gets <DIR>/<figure>/ "
                        + "(default: reproduce). Starting again with the same options resumes.")
        Path out = Path.of("reproduce");

        @Option(names = "--no-report", description = "Write no HTML report.")
        boolean noReport;

        @Option(names = {"-q", "--quiet"}, description = "Print no line per finished run.")
        boolean quiet;

        @Option(names = "--debug", description = "Print stack traces of errors.")
        boolean debug;
    }
}
