package org.masktrain.data;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.masktrain.InvalidInputException;
import org.masktrain.linalg.Matrix;
import org.masktrain.random.RandomStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares loaded data for training so that it meets the assumptions of Liao and Kyrillidis,
 * "On the Convergence of Shallow Neural Network Training with Randomly Masked Neurons"
 * (TMLR 2022, arXiv:2112.02668): unit-norm rows, no two rows parallel, and bounded targets.
 *
 * <p>The steps, in order: reject (or drop) all-zero rows; scale rows to unit L2 norm; find
 * duplicate and co-aligned row pairs (and optionally drop them); split off a held-out part with
 * a seeded permutation; divide the targets by max |Y| over the training part. Each step is
 * logged and recorded as one line in {@link PreparedData#steps()}, so nothing happens silently.
 * Sample indices in messages are 0-based rows of the loaded data.
 *
 * <p>The input matrices are not modified.
 */
public final class Preprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(Preprocessor.class);
    private static final int EXAMPLE_PAIRS = 3;
    private static final double UNIT_NORM_TOLERANCE = 1e-9;

    private Preprocessor() {
    }

    /**
     * Runs every step on loaded data.
     *
     * @param raw the loaded data; not modified
     * @param options what to do
     * @param streams the seeded streams; {@link RandomStreams.Purpose#DATA_CHECK} draws the
     *     projection directions and {@link RandomStreams.Purpose#DATA_SPLIT} the split
     * @return the training part, the held-out part and the steps taken
     * @throws InvalidInputException when a zero row is found and not dropped, or the split
     *     leaves an empty part
     */
    public static PreparedData prepare(RawData raw, PreprocessOptions options,
            RandomStreams streams) {
        return prepare(raw.features(), raw.targets(), raw.oneHot(), options, streams);
    }

    /**
     * Runs every step on features {@code x} and targets {@code y}.
     *
     * @param x the n x d features; not modified
     * @param y the n x c targets; not modified
     * @param oneHot whether the rows of {@code y} are one-hot class indicators
     * @param options what to do
     * @param streams the seeded streams for the projection directions and the split
     * @return the training part, the held-out part and the steps taken
     * @throws InvalidInputException when a zero row is found and not dropped, or the split
     *     leaves an empty part
     */
    public static PreparedData prepare(Matrix x, Matrix y, boolean oneHot,
            PreprocessOptions options, RandomStreams streams) {
        if (x.rows() != y.rows()) {
            throw new InvalidInputException("the features have " + x.rows()
                    + " samples but the targets have " + y.rows());
        }
        if (x.rows() == 0) {
            throw new InvalidInputException("the data contains no samples");
        }
        State state = new State(x.copy(), y.copy(), identity(x.rows()));
        List<String> steps = new ArrayList<>();

        // Step 1: all-zero rows.
        int droppedZero = handleZeroRows(state, options, steps);

        // Step 2: unit row norms.
        normalizeRows(state, options, steps);

        // Step 3: duplicate and co-aligned rows.
        CoAlignedRows.Result duplicates = CoAlignedRows.find(state.x,
                options.duplicateTolerance(),
                streams.stream(RandomStreams.Purpose.DATA_CHECK), EXAMPLE_PAIRS);
        int droppedDuplicates = handleDuplicates(state, duplicates, options, steps);

        // Step 4: training and held-out split.
        SplittableRandom splitRandom = streams.stream(RandomStreams.Purpose.DATA_SPLIT);
        boolean[] heldOut = chooseHeldOut(state.x.rows(), options.testFraction(), splitRandom,
                streams.rootSeed(), steps);
        int[] trainRows = rowsWhere(heldOut, false);
        int[] testRows = rowsWhere(heldOut, true);
        Matrix trainX = testRows.length == 0 ? state.x : state.x.selectRows(trainRows);
        Matrix trainY = testRows.length == 0 ? state.y : state.y.selectRows(trainRows);
        Matrix testX = testRows.length == 0 ? null : state.x.selectRows(testRows);
        Matrix testY = testRows.length == 0 ? null : state.y.selectRows(testRows);

        // Step 5: target scaling by the training part's max |Y|.
        double targetScale = scaleTargets(trainY, testY, options, steps);

        for (String step : steps) {
            LOG.info("preprocessing: {}", step);
        }
        Dataset train = new Dataset(trainX, trainY, oneHot);
        Dataset test = testX == null ? null : new Dataset(testX, testY, oneHot);
        int pairs = (int) Math.min(duplicates.pairCount(), Integer.MAX_VALUE);
        return new PreparedData(train, test, steps, targetScale, pairs,
                droppedZero + droppedDuplicates, select(state.origin, trainRows),
                select(state.origin, testRows));
    }

    /** The working copy: features, targets and each row's index in the loaded data. */
    private static final class State {

        Matrix x;
        Matrix y;
        int[] origin;

        State(Matrix x, Matrix y, int[] origin) {
            this.x = x;
            this.y = y;
            this.origin = origin;
        }

        void keep(int[] rows) {
            x = x.selectRows(rows);
            y = y.selectRows(rows);
            origin = select(origin, rows);
        }
    }

    private static int handleZeroRows(State state, PreprocessOptions options,
            List<String> steps) {
        int n = state.x.rows();
        int d = state.x.cols();
        double[] data = state.x.data();
        boolean[] zero = new boolean[n];
        int zeroCount = 0;
        for (int i = 0; i < n; i++) {
            zero[i] = true;
            for (int k = i * d; k < (i + 1) * d; k++) {
                if (data[k] != 0) {
                    zero[i] = false;
                    break;
                }
            }
            if (zero[i]) {
                zeroCount++;
            }
        }
        if (zeroCount == 0) {
            steps.add("checked " + n + " samples for all-zero features: none found");
            return 0;
        }

        int firstZero = state.origin[rowsWhere(zero, true)[0]];
        if (!options.dropZeroRows()) {
            String total = zeroCount > 1 ? " (" + zeroCount + " such samples in total)" : "";
            throw new InvalidInputException("sample " + firstZero + " has all-zero features"
                    + total + "; a zero row cannot be normalized to unit norm; pass "
                    + "--drop-zero-rows to drop such rows");
        }
        if (zeroCount == n) {
            throw new InvalidInputException("all " + n + " samples have all-zero features; "
                    + "nothing is left to train on");
        }
        state.keep(rowsWhere(zero, false));
        steps.add("dropped " + zeroCount + " of " + n + " samples with all-zero features "
                + "(first: sample " + firstZero + ")");
        return zeroCount;
    }

    private static void normalizeRows(State state, PreprocessOptions options,
            List<String> steps) {
        int n = state.x.rows();
        int d = state.x.cols();
        double[] data = state.x.data();
        double minNorm = Double.POSITIVE_INFINITY;
        double maxNorm = 0;
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = i * d; k < (i + 1) * d; k++) {
                sum += data[k] * data[k];
            }
            norms[i] = Math.sqrt(sum);
            minNorm = Math.min(minNorm, norms[i]);
            maxNorm = Math.max(maxNorm, norms[i]);
        }
        String range = "norms " + format(minNorm) + " .. " + format(maxNorm);

        if (!options.normalizeRows()) {
            if (Math.abs(minNorm - 1) <= UNIT_NORM_TOLERANCE
                    && Math.abs(maxNorm - 1) <= UNIT_NORM_TOLERANCE) {
                steps.add("row normalization is off; all " + n + " rows already have unit L2 "
                        + "norm");
            } else {
                steps.add("row normalization is off; row " + range + ", so the theory's "
                        + "assumption of unit-norm rows does not hold");
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            double inverse = 1 / norms[i];
            for (int k = i * d; k < (i + 1) * d; k++) {
                data[k] *= inverse;
            }
        }
        steps.add("normalized " + n + " rows to unit L2 norm (" + range + ")");
    }

    private static int handleDuplicates(State state, CoAlignedRows.Result duplicates,
            PreprocessOptions options, List<String> steps) {
        String criterion = "|cos| >= 1 - " + format(options.duplicateTolerance());
        if (duplicates.pairCount() == 0) {
            steps.add("found no duplicate or co-aligned row pairs (" + criterion + ")");
            return 0;
        }

        String examples = duplicates.examplePairs().stream()
                .map(pair -> "(" + state.origin[pair[0]] + ", " + state.origin[pair[1]] + ")")
                .collect(Collectors.joining(", "));
        String found = "found " + duplicates.pairCount() + " duplicate or co-aligned row pair"
                + (duplicates.pairCount() == 1 ? "" : "s") + " in " + duplicates.groupCount()
                + " group" + (duplicates.groupCount() == 1 ? "" : "s") + " (" + criterion
                + "), e.g. " + examples;
        if (!options.dropDuplicates()) {
            String warning = found + "; they break the theory's assumption that no two rows are"
                    + " parallel; pass --drop-duplicates to keep only the first of each group";
            LOG.warn("preprocessing: {}", warning);
            steps.add(warning);
            return 0;
        }

        int[] leader = duplicates.groupLeader();
        boolean[] keep = new boolean[leader.length];
        for (int i = 0; i < leader.length; i++) {
            keep[i] = leader[i] == i;
        }
        int dropped = duplicates.redundantRows();
        state.keep(rowsWhere(keep, true));
        steps.add(found + "; dropped " + dropped + " rows, keeping the first row of each group");
        return dropped;
    }

    private static boolean[] chooseHeldOut(int n, double testFraction, SplittableRandom random,
            long seed, List<String> steps) {
        long heldOutCount = Math.round(testFraction * n);
        if (testFraction > 0 && heldOutCount == 0) {
            throw new InvalidInputException("--test-fraction " + testFraction + " of " + n
                    + " samples rounds to 0 held-out samples; raise it or pass 0 for no "
                    + "held-out part");
        }
        if (heldOutCount >= n) {
            throw new InvalidInputException("--test-fraction " + testFraction + " of " + n
                    + " samples leaves no training sample; lower it");
        }
        boolean[] heldOut = new boolean[n];
        if (heldOutCount == 0) {
            steps.add("no held-out split (test fraction 0); all " + n + " samples are used for "
                    + "training");
            return heldOut;
        }

        // A seeded Fisher-Yates shuffle; its first heldOutCount entries are held out.
        int[] permutation = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = swap;
        }
        for (int k = 0; k < heldOutCount; k++) {
            heldOut[permutation[k]] = true;
        }
        steps.add("split " + n + " samples into " + (n - heldOutCount) + " training and "
                + heldOutCount + " held-out samples (test fraction " + testFraction
                + ", seed " + seed + ")");
        return heldOut;
    }

    /** Divides both parts' targets in place; returns the divisor, or 1 when none was applied. */
    private static double scaleTargets(Matrix trainY, Matrix testY, PreprocessOptions options,
            List<String> steps) {
        double maxAbs = 0;
        for (double value : trainY.data()) {
            maxAbs = Math.max(maxAbs, Math.abs(value));
        }
        int trainCount = trainY.rows();
        if (!options.scaleTargets()) {
            steps.add("target scaling is off; max |Y| over the " + trainCount
                    + " training samples is " + format(maxAbs));
            return 1.0;
        }
        if (maxAbs == 0) {
            steps.add("targets of the " + trainCount + " training samples are all zero; target "
                    + "scaling skipped");
            return 1.0;
        }
        divide(trainY, maxAbs);
        if (testY != null) {
            divide(testY, maxAbs);
        }
        steps.add("divided the targets by max |Y| = " + format(maxAbs) + " over the "
                + trainCount + " training samples" + (testY != null ? " (held-out part too)" : ""));
        return maxAbs;
    }

    private static void divide(Matrix matrix, double divisor) {
        double[] data = matrix.data();
        for (int k = 0; k < data.length; k++) {
            data[k] /= divisor;
        }
    }

    private static int[] identity(int n) {
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return indices;
    }

    private static int[] rowsWhere(boolean[] flags, boolean value) {
        int count = 0;
        for (boolean flag : flags) {
            if (flag == value) {
                count++;
            }
        }
        int[] rows = new int[count];
        int next = 0;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] == value) {
                rows[next++] = i;
            }
        }
        return rows;
    }

    private static int[] select(int[] values, int[] positions) {
        int[] selected = new int[positions.length];
        for (int k = 0; k < positions.length; k++) {
            selected[k] = values[positions[k]];
        }
        return selected;
    }

    /** Formats a number with six significant digits, in plain notation for moderate values. */
    static String format(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return Double.toString(value).replace(".0", "");
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e7) {
            return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros()
                    .toPlainString();
        }
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toString();
    }
}
