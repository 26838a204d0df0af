package org.masktrain.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.masktrain.InvalidInputException;

/**
 * An estimate of the Java heap a training run allocates beyond its data, so a configuration
 * that cannot fit is rejected before training starts instead of failing with
 * {@link OutOfMemoryError} hours later.
 *
 * <p>It counts the arrays of doubles the trainer holds: about six copies of W (current, W_0,
 * the aggregation buffer and the checkpoint copies), the n x n Gram matrix of the Gram
 * solver, for each sub-network training at once its n x h work buffers (h = the expected
 * active neurons), its per-block gradient partials and its evaluation blocks, for each of the
 * p sub-networks of a round its masked weight copy and result (2 h d doubles), its mask (m
 * bytes) and its local losses, and the per-round losses of the whole run. Native memory that
 * OpenBLAS keeps is not counted. It is an estimate: small objects and the garbage collector's
 * headroom are left out, so a run just under the limit can still run out.
 *
 * @param trainingBytes the estimated bytes the run allocates on top of what is in use
 * @param inUseBytes the heap in use when the estimate was made (the loaded data among it)
 * @param maxBytes the heap limit, {@link Runtime#maxMemory()}
 * @param advice what to lower first, such as {@code "lower --subnets"}: the options of the
 *     largest part of the estimate
 */
public record MemoryEstimate(long trainingBytes, long inUseBytes, long maxBytes,
        String advice) {

    private static final long DOUBLE_BYTES = Double.BYTES;
    private static final int WEIGHT_COPIES = 6;
    private static final int MAX_SAMPLE_BLOCKS = 16;
    private static final int EVALUATION_ROWS = 256;

    /** The advice when the largest part of the estimate is not known. */
    static final String GENERIC_ADVICE = "lower --samples, --width or --threads, use "
            + "--local-solver direct";

    /** Creates an estimate with the generic advice. */
    public MemoryEstimate(long trainingBytes, long inUseBytes, long maxBytes) {
        this(trainingBytes, inUseBytes, maxBytes, GENERIC_ADVICE);
    }

    /** One part of the estimate, in doubles, with the advice that shrinks it. */
    private record Part(double doubles, String advice) {
    }

    /**
     * Estimates the run of {@code config} on n training samples of dimension d with c outputs
     * and {@code testSamples} held-out samples, against the current heap.
     */
    public static MemoryEstimate of(TrainingConfig config, int n, int d, int c,
            int testSamples) {
        Runtime runtime = Runtime.getRuntime();
        long inUse = runtime.totalMemory() - runtime.freeMemory();
        List<Part> parts = parts(config, n, d, c, testSamples);
        Part largest = parts.get(0);
        for (Part part : parts) {
            if (part.doubles() > largest.doubles()) {
                largest = part;
            }
        }
        return new MemoryEstimate(toBytes(parts), inUse, runtime.maxMemory(),
                largest.advice());
    }

    /** Returns the estimated bytes that training allocates; saturates at Long.MAX_VALUE. */
    static long trainingBytes(TrainingConfig config, int n, int d, int c, int testSamples) {
        return toBytes(parts(config, n, d, c, testSamples));
    }

    private static long toBytes(List<Part> parts) {
        double doubles = 0.0;
        for (Part part : parts) {
            doubles += part.doubles();
        }
        double bytes = doubles * DOUBLE_BYTES;
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    private static List<Part> parts(TrainingConfig config, int n, int d, int c,
            int testSamples) {
        double m = config.width();
        int batch = config.minibatch() ? Math.min(config.batchSize(), n) : n;
        LocalSolver solver = config.localSolver().resolve(n, d, config.localSteps(), batch);
        double keep = 0.0;
        for (double xi : config.keepProbabilities()) {
            keep = Math.max(keep, xi);
        }
        double active = Math.ceil(keep * m);
        double p = config.subnetworks();
        int parallel = Math.max(1, Math.min(config.threads(), config.subnetworks()));

        List<Part> parts = new ArrayList<>();
        parts.add(new Part(WEIGHT_COPIES * m * d + m * c, "lower --width"));
        if (solver == LocalSolver.GRAM) {
            parts.add(new Part((double) n * n, "lower --samples or use --local-solver direct"));
        }
        double perSubnetwork = (solver == LocalSolver.GRAM ? 4.0 : 2.0) * n * active
                + (double) n * c + (MAX_SAMPLE_BLOCKS + 2.0) * active * d;
        if (config.minibatch()) {
            perSubnetwork += (double) batch * (active + d)
                    + (solver == LocalSolver.GRAM ? (double) n * batch : 0.0);
        }
        perSubnetwork += (double) EVALUATION_ROWS * (d + m + c);
        parts.add(new Part(parallel * perSubnetwork,
                "lower --samples, --width or --threads, use --local-solver direct"));
        // Every sub-network's masked weights and result, its mask (bytes) and its local losses.
        double perTask = 2.0 * active * d + m / DOUBLE_BYTES + config.localSteps();
        parts.add(new Part(p * perTask, "lower --subnets"));
        parts.add(new Part(2.0 * (config.rounds() + 1.0), "lower --rounds"));
        parts.add(new Part(testSamples, "lower --samples or --test-fraction"));
        return parts;
    }

    /** Returns whether the heap in use plus the training's estimate exceed the limit. */
    public boolean exceedsHeap() {
        return trainingBytes > maxBytes - inUseBytes;
    }

    /**
     * Throws when the run does not fit the heap.
     *
     * @throws InvalidInputException naming the estimate, the limit and what to change
     */
    public void requireFits() {
        if (exceedsHeap()) {
            throw new InvalidInputException(String.format(Locale.ROOT, "the run needs about %s "
                    + "of heap (%s for training on top of %s in use) but the maximum is %s; "
                    + "%s, or raise the limit with MASKTRAIN_JAVA_OPTS=-Xmx<size>",
                    format(saturatingAdd(trainingBytes, inUseBytes)), format(trainingBytes),
                    format(inUseBytes), format(maxBytes), advice));
        }
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** Formats bytes with a binary unit, for example {@code 3.2 GiB}. */
    static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value,
                units[unit]);
    }
}
