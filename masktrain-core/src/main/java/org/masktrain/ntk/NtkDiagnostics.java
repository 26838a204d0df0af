package org.masktrain.ntk;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.Matrix;
import org.masktrain.linalg.MatrixKernel;
import org.masktrain.training.Aggregator;
import org.masktrain.training.LocalResult;
import org.masktrain.training.RoundRecord;
import org.masktrain.training.TrainingConfig;
import org.masktrain.training.TrainingListener;
import org.masktrain.training.TrainingResult;
import org.masktrain.training.TrainingStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures a training run against the assumptions of the convergence proofs in "On the
 * Convergence of Shallow Neural Network Training with Randomly Masked Neurons" (Liao and
 * Kyrillidis, TMLR 2022, arXiv:2112.02668).
 *
 * <p>At the start it computes lambda_0 and lambda_max of the infinite-width NTK on the training
 * inputs (xi factor included), and {@code R = kappa lambda_0 / (8n)}. With a period N > 0 it
 * also measures, in every training round t with {@code t % N == 0} and in the last one:
 *
 * <ul>
 *   <li>for every sub-network, the smallest eigenvalue of its masked NTK at the start of its
 *       local steps (W_t restricted to the mask) and at their end (its trained rows), the
 *       largest {@code ||w_r - w_{0,r}||} over its trained rows, and the share of its (neuron,
 *       sample) activation patterns {@code 1{<w_r, x_i> >= 0}} that differ from those of W_0;
 *   <li>for the full network, the smallest eigenvalue of the finite-width NTK H(t) and
 *       H(t + 1), and the drift and flipped share of W_{t+1}.
 * </ul>
 *
 * <p>The proofs need every masked NTK's smallest eigenvalue to stay at or above lambda_0 / 2
 * and every drift below R. The listener keeps W_t itself by replaying the aggregation from W_0,
 * each round's masks and the sub-networks' results (the same code and order as the trainer).
 * Rows go to {@code diagnostics.csv}; {@link #summaryFields()} returns the figures for
 * {@code summary.json}, with the theorems' numbers against the measured contraction. Use from
 * the training thread only.
 */
public final class NtkDiagnostics implements TrainingListener, AutoCloseable {

    /** File name of the per-round measurements in a run directory. */
    public static final String FILE = "diagnostics.csv";

    private static final Logger LOG = LoggerFactory.getLogger(NtkDiagnostics.class);
    private static final String HEADER = "round,subnet,active_neurons,ntk_min_start,ntk_min_end,"
            + "max_weight_drift,flipped_share\n";

    private final Dataset train;
    private final int period;
    private final Path csvFile;
    private final EigenSolver.Settings eigen;
    private TrainingConfig config;
    private MatrixKernel kernel;
    private int threads;
    private ExtremeEigenvalues infinite;
    private Matrix initialWeights;
    private Matrix current;
    private byte[] initialPatterns;
    private BufferedWriter csv;
    private final List<Double> losses = new ArrayList<>();
    private double maskedMinimum = Double.POSITIVE_INFINITY;
    private int maskedMinimumRound = -1;
    private double fullMinimum = Double.POSITIVE_INFINITY;
    private int belowHalf;
    private int measurements;
    private double maxDrift;
    private double lastFlippedShare = Double.NaN;
    private double maxFlippedShare;
    private int diagnosedRounds;
    private Double cachedFullMinimum;
    private boolean measuring;

    /**
     * @param train the training set the run trains on
     * @param period measure every {@code period} training rounds; 0 computes only lambda_0 and
     *     the theorems' numbers
     * @param csvFile where to write the measurements, or null to keep them in memory only
     * @param eigen how eigenvalues are computed
     */
    public NtkDiagnostics(Dataset train, int period, Path csvFile, EigenSolver.Settings eigen) {
        if (period < 0) {
            throw new IllegalArgumentException("diagnostics period must be >= 0, got " + period);
        }
        this.train = train;
        this.period = period;
        this.csvFile = csvFile;
        this.eigen = eigen;
    }

    @Override
    public void onStart(TrainingStart start) {
        config = start.config();
        kernel = config.kernel().create();
        threads = config.threads();
        try (InfiniteWidthNtk closedForm = new InfiniteWidthNtk(train.x(),
                config.meanKeepProbability(), kernel, threads)) {
            infinite = EigenSolver.extremes(closedForm, eigen);
        }
        LOG.info("lambda_0 = {}, lambda_max = {} of the infinite-width NTK on {} samples ({})",
                infinite.min(), infinite.max(), train.n(), infinite.method().description());
        if (period == 0) {
            return;
        }
        measuring = true;
        initialWeights = start.initial().weights().copy();
        current = initialWeights.copy();
        try (FiniteWidthNtk initialKernel = fullKernel(initialWeights)) {
            initialPatterns = initialKernel.activationPatterns();
        }
        if (csvFile != null) {
            try {
                csv = Files.newBufferedWriter(csvFile, StandardCharsets.UTF_8);
                csv.write(HEADER);
                csv.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + csvFile, e);
            }
        }
    }

    @Override
    public void onRound(RoundRecord record) {
        losses.add(record.train().loss());
        if (!measuring || record.round() == 0) {
            return;
        }
        if (record.localResults() == null) {
            LOG.warn("round {} carries no sub-network results; NTK diagnostics stop here",
                    record.round());
            measuring = false;
            close();
            return;
        }
        int t = record.round() - 1;
        boolean measure = t % period == 0 || record.round() == config.rounds();
        StringBuilder rows = new StringBuilder();
        if (measure) {
            measureSubnetworks(t, record, rows);
        }

        // W_{t+1} from W_t, exactly as the trainer aggregates.
        double fullStart = measure ? fullMinimum(current, true) : Double.NaN;
        Aggregator.aggregate(current, record.masks(), record.localResults());
        cachedFullMinimum = null;
        if (measure) {
            double fullEnd = fullMinimum(current, false);
            double drift = maxDrift(current.data(), allRows(config.width()));
            double flipped;
            try (FiniteWidthNtk after = fullKernel(current)) {
                flipped = flippedShare(after.activationPatterns(), allRows(config.width()));
            }
            fullMinimum = Math.min(fullMinimum, Math.min(fullStart, fullEnd));
            maxDrift = Math.max(maxDrift, drift);
            lastFlippedShare = flipped;
            maxFlippedShare = Math.max(maxFlippedShare, flipped);
            rows.append(t).append(",full,").append(config.width()).append(',').append(fullStart)
                    .append(',').append(fullEnd).append(',').append(drift).append(',')
                    .append(flipped).append('\n');
            diagnosedRounds++;
            LOG.info("round {}: smallest masked NTK eigenvalue so far {} (lambda_0 / 2 = {}), "
                    + "largest drift {} (R = {}), flipped share {}", t, maskedMinimum,
                    infinite.min() / 2, maxDrift, radius(), flipped);
            write(rows.toString());
        }
    }

    private void measureSubnetworks(int t, RoundRecord record, StringBuilder rows) {
        int[][] active = record.masks().active();
        for (int l = 0; l < active.length; l++) {
            LocalResult result = record.localResults().get(l);
            if (result.isLost()) {
                // A distributed engine lost this sub-network, so there are no trained rows.
                continue;
            }
            double startMin;
            double endMin;
            double flipped;
            try (FiniteWidthNtk before = FiniteWidthNtk.masked(train.x(), current, active[l],
                    kernel, threads)) {
                startMin = smallest(before);
            }
            try (FiniteWidthNtk after = FiniteWidthNtk.ofNeurons(train.x(), result.weights(),
                    config.width(), kernel, threads)) {
                endMin = smallest(after);
                flipped = flippedShare(after.activationPatterns(), active[l]);
            }
            double drift = maxDrift(result.weights(), active[l]);
            for (double value : new double[] {startMin, endMin}) {
                measurements++;
                if (value < infinite.min() / 2) {
                    belowHalf++;
                }
                if (value < maskedMinimum) {
                    maskedMinimum = value;
                    maskedMinimumRound = t;
                }
            }
            maxDrift = Math.max(maxDrift, drift);
            rows.append(t).append(',').append(l).append(',').append(active[l].length)
                    .append(',').append(startMin).append(',').append(endMin).append(',')
                    .append(drift).append(',').append(flipped).append('\n');
        }
    }

    /** Returns lambda_min(H) of W with the xi factor; the start value is cached per round. */
    private double fullMinimum(Matrix weights, boolean start) {
        if (start && cachedFullMinimum != null) {
            return cachedFullMinimum;
        }
        double value;
        try (FiniteWidthNtk full = fullKernel(weights)) {
            value = smallest(full);
        }
        if (!start) {
            // H(t + 1) at the end of round t is H at the start of round t + 1.
            cachedFullMinimum = value;
        }
        return value;
    }

    private FiniteWidthNtk fullKernel(Matrix weights) {
        return FiniteWidthNtk.full(train.x(), weights, config.meanKeepProbability(), kernel,
                threads);
    }

    private double smallest(KernelMatrix matrix) {
        return EigenSolver.smallest(matrix, eigen);
    }

    /** Returns the largest {@code ||w_r - w_{0,r}||} over the given rows of W_0. */
    private double maxDrift(double[] rows, int[] neurons) {
        int d = initialWeights.cols();
        double[] w0 = initialWeights.data();
        double largest = 0.0;
        for (int k = 0; k < neurons.length; k++) {
            double sum = 0.0;
            for (int j = 0; j < d; j++) {
                double delta = rows[k * d + j] - w0[neurons[k] * d + j];
                sum += delta * delta;
            }
            largest = Math.max(largest, Math.sqrt(sum));
        }
        return largest;
    }

    /** Returns the share of (neuron, sample) patterns that differ from those of W_0. */
    private double flippedShare(byte[] patterns, int[] neurons) {
        int n = train.n();
        int h = neurons.length;
        int m = config.width();
        if (h == 0) {
            return 0.0;
        }
        long flipped = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < h; k++) {
                if (patterns[i * h + k] != initialPatterns[i * m + neurons[k]]) {
                    flipped++;
                }
            }
        }
        return (double) flipped / ((double) n * h);
    }

    private static int[] allRows(int m) {
        int[] rows = new int[m];
        for (int r = 0; r < m; r++) {
            rows[r] = r;
        }
        return rows;
    }

    private void write(String rows) {
        if (csv == null) {
            return;
        }
        try {
            csv.write(rows);
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + csvFile, e);
        }
    }

    @Override
    public void onFinish(TrainingResult result) {
        if (measuring
                && !Arrays.equals(current.data(), result.trained().weights().data())) {
            LOG.warn("the replayed weights differ from the trained ones; the diagnostics of "
                    + "later rounds describe other weights");
        }
        close();
    }

    /** Returns R = kappa lambda_0 / (8n), the drift radius of the convergence theorems. */
    public double radius() {
        return config.kappa() * infinite.min() / (8.0 * train.n());
    }

    /** Returns the extreme eigenvalues of the infinite-width NTK, or null before the start. */
    public ExtremeEigenvalues infiniteWidth() {
        return infinite;
    }

    /** Returns the theorems' numbers for the run, or null before the start. */
    public TheoryNumbers theory() {
        if (infinite == null) {
            return null;
        }
        return ConvergenceTheory.evaluate(TheoryInputs.of(config, train.n(), train.d(),
                infinite.min(), infinite.max()));
    }

    /** Returns the contraction of the losses seen so far. */
    public MeasuredContraction measured() {
        return MeasuredContraction.of(losses.stream().mapToDouble(Double::doubleValue)
                .toArray());
    }

    /**
     * Returns the figures for summary.json, keyed in snake case; non-finite numbers become
     * null so the file stays plain JSON.
     */
    public Map<String, Object> summaryFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (infinite == null) {
            return fields;
        }
        fields.put("lambda0", finite(infinite.min()));
        fields.put("lambda_max", finite(infinite.max()));
        fields.put("lambda0_method", infinite.method().label());
        fields.put("lambda0_residual", finite(infinite.minResidual()));
        fields.put("radius_R", finite(radius()));
        fields.put("radius_R_proof",
                finite(config.kappa() * infinite.min() / (192.0 * train.n())));

        if (period > 0) {
            fields.put("diagnostics_every", period);
            fields.put("diagnosed_rounds", diagnosedRounds);
            fields.put("masked_ntk_min", finite(maskedMinimum));
            fields.put("masked_ntk_min_round", maskedMinimumRound);
            fields.put("lambda0_half", finite(infinite.min() / 2));
            fields.put("masked_ntk_below_half", belowHalf);
            fields.put("masked_ntk_measurements", measurements);
            fields.put("full_ntk_min", finite(fullMinimum));
            fields.put("max_weight_drift", finite(maxDrift));
            fields.put("max_weight_drift_over_R", finite(maxDrift / radius()));
            fields.put("flipped_share", finite(lastFlippedShare));
            fields.put("flipped_share_max", finite(maxFlippedShare));
            fields.put("diagnostics_file", FILE);
        }

        TheoryNumbers theory = theory();
        MeasuredContraction measured = measured();
        fields.put("rate_theory", finite(theory.rate()));
        fields.put("rate_measured", finite(measured.median()));
        fields.put("rate_measured_first", finite(measured.first()));
        fields.put("rate_measured_last", finite(measured.last()));
        fields.put("theory", theoryFields(theory));
        return fields;
    }

    /** Returns the theorems' numbers as a JSON-ready map; NaN becomes null. */
    public static Map<String, Object> theoryFields(TheoryNumbers theory) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("result", theory.result());
        fields.put("theta", finite(theory.theta()));
        fields.put("gamma", finite(theory.gamma()));
        fields.put("lr_paper_units", finite(theory.paperLearningRate()));
        fields.put("rate", finite(theory.rate()));
        fields.put("rate_formula", theory.rateFormula());
        fields.put("neighbourhood_inside_O", finite(theory.neighbourhood()));
        fields.put("neighbourhood_formula", theory.neighbourhoodFormula());
        fields.put("corollary_neighbourhood_inside_O", finite(theory.corollaryNeighbourhood()));
        fields.put("corollary_formula", theory.corollaryFormula());
        fields.put("loss_conversion", finite(theory.lossConversion()));
        fields.put("step_size_scale_paper_units", finite(theory.stepSizeScale()));
        fields.put("step_size_scale_formula", theory.stepSizeFormula());
        fields.put("step_size_scale_lr_units", finite(theory.runStepSizeScale()));
        fields.put("step_size_ratio", finite(theory.stepSizeRatio()));
        fields.put("rate_at_step_size_scale", finite(theory.rateAtStepScale()));
        fields.put("verdict", theory.verdict());
        fields.put("notes", theory.notes());
        return fields;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** Closes diagnostics.csv; safe to call twice. */
    @Override
    public void close() {
        if (csv != null) {
            try {
                csv.close();
            } catch (IOException e) {
                LOG.warn("cannot close {}: {}", csvFile, e.toString());
            }
            csv = null;
        }
    }
}
