package org.masktrain.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.masktrain.InvalidInputException;
import org.masktrain.data.DataLoader;
import org.masktrain.data.DataRequest;
import org.masktrain.data.PreparedData;
import org.masktrain.data.PreprocessOptions;
import org.masktrain.data.Preprocessor;
import org.masktrain.data.RawData;
import org.masktrain.data.SyntheticData;
import org.masktrain.io.AtomicFiles;
import org.masktrain.linalg.CountingKernel;
import org.masktrain.linalg.MatrixKernel;
import org.masktrain.random.RandomStreams;
import org.masktrain.training.LocalSolver;
import org.masktrain.training.Trainer;
import org.masktrain.training.TrainingConfig;
import org.masktrain.training.TrainingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code masktrain bench}: measures time per round, the rate of the counted floating-point work
 * against the machine's peak through the same kernel, the cost of a round at xi = 0.25 against
 * xi = 1, and the peak heap.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = MasktrainCommand.VersionProvider.class,
        modelTransformer = BenchCommand.RoundsHelp.class,
        description = {
            "Benchmarks training on one configuration (by default the paper's figure-2a "
                    + "setting: n = 1000, m = 500, p = 10, xi = 0.5, tau = 10, c = 10). "
                    + "Reports the median seconds per round over --repeat runs, the GFLOP/s of "
                    + "the counted matrix products against the peak of a large product through "
                    + "the same kernel and threads, the cost of a round at xi = 0.25 against "
                    + "xi = 1, and the peak heap. Use it for ratios measured side by side on "
                    + "one machine, not for absolute numbers on a shared machine.",
            ""
        })
final class BenchCommand implements Callable<Integer> {

    /** Rounds of a benchmark run when --rounds is not given; fewer than train's default. */
    static final int DEFAULT_ROUNDS = 10;

    /** Smallest --peak-size whose product reaches the peak rate on common machines. */
    static final int MIN_MEASURING_PEAK_SIZE = 1024;

    @Option(names = {"-n", "--samples"}, paramLabel = "N",
            description = "Training samples (default: 1000).")
    int samples = 1000;

    @Option(names = "--inputs", paramLabel = "D",
            description = "Input dimension of synthetic Gaussian data; 0 uses the embedded "
                    + "Fashion-MNIST images, d = 784 (default: 0).")
    int inputs;

    @Option(names = "--repeat", paramLabel = "R",
            description = "Timed runs per measurement; the median is reported (default: 3).")
    int repeat = 3;

    @Option(names = "--peak-size", paramLabel = "S",
            description = "Size of the S x S x S product that measures the peak; below "
                    + MIN_MEASURING_PEAK_SIZE + " the share of peak is not meaningful, and each "
                    + "thread holds two S x S matrices of doubles (default: 2048).")
    int peakSize = 2048;

    @Option(names = "--skip-scaling",
            description = "Skip the xi = 0.25 against xi = 1 measurement.")
    boolean skipScaling;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results here.")
    Path json;

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Override
    public Integer call() throws Exception {
        if (samples < 1 || repeat < 1 || peakSize < 1 || inputs < 0) {
            throw new InvalidInputException("--samples, --repeat and --peak-size must be >= 1 "
                    + "and --inputs >= 0; got " + samples + ", " + repeat + ", " + peakSize
                    + ", " + inputs);
        }
        OutputFiles.checkWritableFile("--json", json);
        PrintStream out = System.out;
        TrainingConfig config = defaultsForBenchmark(training.toBuilder()).build();
        requirePeakMemory(config.threads());
        if (peakSize < MIN_MEASURING_PEAK_SIZE) {
            System.err.println("masktrain: warning: --peak-size " + peakSize + " is below "
                    + MIN_MEASURING_PEAK_SIZE + ", so the product may not reach the machine's "
                    + "peak and the share of peak is not meaningful");
        }
        PreparedData data = loadData(config);
        out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        out.printf(Locale.ROOT, "configuration: n = %d, d = %d, c = %d, m = %d, %s, p = %d, "
                + "tau = %d, K = %d, threads = %d, kernel %s, solver %s%n", data.train().n(),
                data.train().d(), data.train().c(), config.width(), config.masks().label()
                        + " xi = " + config.meanKeepProbability(),
                config.subnetworks(), config.localSteps(), config.rounds(), config.threads(),
                config.kernel().label(),
                resolvedSolver(config, data.train().n(), data.train().d()).label());

        Map<String, Object> results = new LinkedHashMap<>();
        double peak = measurePeak(config);
        out.printf(Locale.ROOT, "peak: %.1f GFLOP/s (%d threads, each a %d^3 product)%n", peak,
                config.threads(), peakSize);
        results.put("peak_gflops", peak);

        // Warm-up so that the timed runs measure compiled code.
        runOnce(config.toBuilder().rounds(2).build(), data);
        Run main = measure(config, data);
        out.printf(Locale.ROOT, "training: %.4f s per round (median of %d), %.1f GFLOP/s = "
                + "%.0f%% of peak, peak heap %d MiB%n", main.secondsPerRound, repeat,
                main.gflops, 100 * main.gflops / peak, main.peakHeapBytes >> 20);
        if (main.gflops > peak) {
            System.err.println("masktrain: warning: training ran above the measured peak, so "
                    + "the peak product was too small to reach the peak; raise --peak-size");
        }
        results.put("seconds_per_round", main.secondsPerRound);
        results.put("seconds_per_round_runs", main.allSeconds);
        results.put("gflops", main.gflops);
        results.put("share_of_peak", main.gflops / peak);
        results.put("peak_heap_bytes", main.peakHeapBytes);

        if (!skipScaling && config.masks() == org.masktrain.masks.MaskKind.BERNOULLI) {
            double[] ratios = new double[repeat];
            double[] quarter = new double[repeat];
            double[] full = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                quarter[i] = runOnce(config.toBuilder().xi(0.25).build(), data).secondsPerRound;
                full[i] = runOnce(config.toBuilder().xi(1.0).build(), data).secondsPerRound;
                ratios[i] = quarter[i] / full[i];
            }
            double ratio = median(ratios);
            out.printf(Locale.ROOT, "cost at xi = 0.25 against xi = 1: %.3f (medians %.4f s "
                    + "and %.4f s per round)%n", ratio, median(quarter), median(full));
            results.put("xi_quarter_over_full", ratio);
        }
        if (json != null) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("configuration", configurationFields(config, data));
            document.put("samples", data.train().n());
            document.put("inputs", data.train().d());
            document.put("results", results);
            AtomicFiles.writeString(json, new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
        }
        return 0;
    }

    /**
     * Rejects a --peak-size whose matrices do not fit the heap: each of the {@code threads}
     * workers allocates an S x S input and an S x S product.
     */
    private void requirePeakMemory(int threads) {
        Runtime runtime = Runtime.getRuntime();
        double bytes = 2.0 * threads * peakSize * (double) peakSize * Double.BYTES;
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (bytes > free || (long) peakSize * peakSize > Integer.MAX_VALUE) {
            throw new InvalidInputException(String.format(Locale.ROOT, "--peak-size %d needs "
                    + "about %.1f GiB of heap for %d threads' two %d x %d matrices each, but "
                    + "%.1f GiB is free; lower --peak-size or --threads", peakSize,
                    bytes / (1L << 30), threads, peakSize, peakSize, free / (double) (1L << 30)));
        }
    }

    /** Returns the benchmarked configuration as named fields for --json. */
    private static Map<String, Object> configurationFields(TrainingConfig config,
            PreparedData data) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("samples", data.train().n());
        fields.put("inputs", data.train().d());
        fields.put("outputs", data.train().c());
        fields.put("width", config.width());
        fields.put("masks", config.masks().label());
        fields.put("xi", config.keepProbabilities());
        fields.put("subnets", config.subnetworks());
        fields.put("local_steps", config.localSteps());
        fields.put("rounds", config.rounds());
        fields.put("lr", config.learningRate());
        fields.put("batch_size", config.batchSize());
        fields.put("scaling", config.scaling().label());
        fields.put("reduction", config.reduction().label());
        fields.put("seed", config.seed());
        fields.put("threads", config.threads());
        fields.put("kernel", config.kernel().label());
        fields.put("local_solver", resolvedSolver(config, data.train().n(), data.train().d())
                .label());
        return fields;
    }

    private TrainingConfig.Builder defaultsForBenchmark(TrainingConfig.Builder builder) {
        if (training.rounds == null) {
            builder.rounds(DEFAULT_ROUNDS);
        }
        return builder;
    }

    private PreparedData loadData(TrainingConfig config) {
        RawData raw = inputs == 0
                ? DataLoader.load(DataRequest.builder().maxSamples(samples).build())
                : SyntheticData.generate(samples, inputs, 10, config.seed());
        if (raw.loadedSamples() < samples) {
            throw new InvalidInputException("--samples " + samples + " exceeds the "
                    + raw.loadedSamples() + " embedded images; give --inputs for synthetic data");
        }
        return Preprocessor.prepare(raw, PreprocessOptions.defaults(),
                new RandomStreams(config.seed()));
    }

    private double measurePeak(TrainingConfig config) throws InterruptedException {
        MatrixKernel kernel = config.kernel().create();
        int threads = config.threads();
        int size = peakSize;
        double[][] a = new double[threads][];
        double[][] c = new double[threads][];
        for (int t = 0; t < threads; t++) {
            a[t] = new double[size * size];
            Arrays.fill(a[t], 1.0 / size);
            c[t] = new double[size * size];
            kernel.retain(a[t]);
        }
        double[] rates = new double[3];
        for (int rep = 0; rep < rates.length + 1; rep++) {
            List<Thread> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int index = t;
                Thread worker = new Thread(() -> kernel.gemm(false, false, size, size, size, 1.0,
                        a[index], size, a[index], size, 0.0, c[index], size));
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (rep > 0) {
                rates[rep - 1] = threads * 2.0 * size * size * (double) size / seconds / 1e9;
            }
        }
        for (double[] matrix : a) {
            kernel.release(matrix);
        }
        return median(rates);
    }

    private Run measure(TrainingConfig config, PreparedData data) {
        double[] seconds = new double[repeat];
        double[] gflops = new double[repeat];
        long heap = 0;
        for (int i = 0; i < repeat; i++) {
            Run run = runOnce(config, data);
            seconds[i] = run.secondsPerRound;
            gflops[i] = run.gflops;
            heap = Math.max(heap, run.peakHeapBytes);
        }
        return new Run(median(seconds), median(gflops), heap, seconds);
    }

    private static Run runOnce(TrainingConfig config, PreparedData data) {
        CountingKernel kernel = new CountingKernel(config.kernel().create());
        resetHeapPeaks();
        TrainingResult result = new Trainer(config).useKernel(kernel)
                .train(data.train(), null);
        double perRound = result.wallSeconds() / config.rounds();
        double gflops = kernel.operations() / result.wallSeconds() / 1e9;
        return new Run(perRound, gflops, heapPeak(), new double[] {perRound});
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle]
                : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private record Run(double secondsPerRound, double gflops, long peakHeapBytes,
            double[] allSeconds) {
    }

    /** Rewrites the shared --rounds help to state the benchmark's own default. */
    static final class RoundsHelp implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            List<OptionSpec> options = new ArrayList<>(spec.options());
            for (OptionSpec option : options) {
                spec.remove(option);
            }
            for (OptionSpec option : options) {
                if (option.longestName().equals("--rounds")) {
                    option = OptionSpec.builder(option).description("Rounds K of each timed "
                            + "run (default: " + DEFAULT_ROUNDS + ").").build();
                }
                spec.addOption(option);
            }
            return spec;
        }
    }

    /** Returns the solver a configuration resolves to on data of this shape. */
    static LocalSolver resolvedSolver(TrainingConfig config, int n, int d) {
        return config.localSolver().resolve(n, d, config.localSteps(),
                config.minibatch() ? config.batchSize() : n);
    }
}
