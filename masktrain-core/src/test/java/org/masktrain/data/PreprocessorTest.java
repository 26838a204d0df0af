package org.masktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.masktrain.InvalidInputException;
import org.masktrain.linalg.Matrix;
import org.masktrain.random.RandomStreams;

class PreprocessorTest {

    private static final RandomStreams STREAMS = new RandomStreams(42);

    private static Matrix matrix(int rows, int cols, double... values) {
        return new Matrix(rows, cols, values);
    }

    private static Matrix column(double... values) {
        return new Matrix(values.length, 1, values);
    }

    /** n rows of independent Gaussian features (no zero or parallel rows) and targets 0..n-1. */
    private static Matrix[] randomData(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextGaussian();
        }
        double[] y = IntStream.range(0, n).asDoubleStream().toArray();
        return new Matrix[] {new Matrix(n, d, x), column(y)};
    }

    private static PreparedData prepare(Matrix x, Matrix y, PreprocessOptions.Builder options) {
        return Preprocessor.prepare(x, y, false, options.build(), STREAMS);
    }

    private static String failure(Matrix x, Matrix y, PreprocessOptions.Builder options) {
        return assertThrows(InvalidInputException.class, () -> prepare(x, y, options))
                .getMessage();
    }

    // ---- Options ----

    @Test
    void optionDefaults() {
        PreprocessOptions options = PreprocessOptions.defaults();

        assertTrue(options.normalizeRows());
        assertTrue(options.scaleTargets());
        assertFalse(options.dropZeroRows());
        assertFalse(options.dropDuplicates());
        assertEquals(1e-9, options.duplicateTolerance());
        assertEquals(0.0, options.testFraction());
    }

    @Test
    void testFractionOutOfRangeRejected() {
        String[][] cases = {{"1.5", "1.5"}, {"NaN", "NaN"}, {"-0.1", "-0.1"}, {"1", "1.0"}};
        for (String[] row : cases) {
            double value = Double.parseDouble(row[0]);

            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> PreprocessOptions.builder().testFraction(value).build());

            assertEquals("--test-fraction must be in [0, 1), got " + row[1], e.getMessage());
        }
    }

    @Test
    void duplicateToleranceOutOfRangeRejected() {
        for (double value : new double[] {Double.NaN, -1e-9, 1, Double.POSITIVE_INFINITY}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> PreprocessOptions.builder().duplicateTolerance(value).build());

            assertEquals("--duplicate-tolerance must be in [0, 1), got " + value,
                    e.getMessage());
        }
    }

    // ---- Zero rows ----

    @Test
    void zeroRowRejected() {
        Matrix x = matrix(3, 2, 1, 2, 0, 0, 3, 4);

        String message = failure(x, column(0, 1, 2), PreprocessOptions.builder());

        assertEquals("sample 1 has all-zero features; a zero row cannot be normalized to unit "
                + "norm; pass --drop-zero-rows to drop such rows", message);
    }

    @Test
    void zeroRowCountReported() {
        Matrix x = matrix(4, 2, 1, 2, 0, 0, 0, 0, 3, 4);

        String message = failure(x, column(0, 1, 2, 3), PreprocessOptions.builder());

        assertTrue(message.startsWith("sample 1 has all-zero features (2 such samples in total)"),
                message);
    }

    @Test
    void zeroRowsDropped() {
        Matrix x = matrix(4, 2, 0, 0, 1, 2, 0, 0, 3, 4);

        PreparedData prepared = prepare(x, column(0, 1, 2, 3),
                PreprocessOptions.builder().dropZeroRows(true));

        assertEquals(2, prepared.droppedRows());
        assertEquals(2, prepared.train().n());
        assertArrayEquals(new int[] {1, 3}, prepared.trainIndices());
        assertEquals("dropped 2 of 4 samples with all-zero features (first: sample 0)",
                prepared.steps().get(0));
    }

    @Test
    void onlyZeroRowsRejected() {
        String message = failure(matrix(2, 1, 0, 0), column(1, 2),
                PreprocessOptions.builder().dropZeroRows(true));

        assertTrue(message.contains("all 2 samples have all-zero features"), message);
    }

    // ---- Normalization ----

    @Test
    void rowsNormalizedAndNormsReported() {
        Matrix x = matrix(3, 2, 3, 4, 1, 0, 0, 2);
        double[] original = x.data().clone();

        PreparedData prepared = prepare(x, column(1, 2, 3), PreprocessOptions.builder());

        assertArrayEquals(new double[] {0.6, 0.8, 1, 0, 0, 1}, prepared.train().x().data(),
                1e-15);
        assertEquals("normalized 3 rows to unit L2 norm (norms 1 .. 5)", prepared.steps().get(1));
        assertArrayEquals(original, x.data(), "the input must not be modified");
    }

    @Test
    void normalizationOffReported() {
        Matrix x = matrix(2, 2, 3, 4, 1, 0);

        PreparedData prepared = prepare(x, column(1, 2),
                PreprocessOptions.builder().normalizeRows(false));

        assertArrayEquals(x.data(), prepared.train().x().data());
        assertEquals("row normalization is off; row norms 1 .. 5, so the theory's assumption of "
                + "unit-norm rows does not hold", prepared.steps().get(1));
    }

    // ---- Duplicate and co-aligned rows ----

    @Test
    void duplicatesReportedNotDropped() {
        // Row 2 repeats row 0 and row 3 is row 1 negated and scaled.
        Matrix x = matrix(5, 2, 1, 2, 3, 1, 1, 2, -6, -2, 0, 1);

        PreparedData prepared = prepare(x, column(0, 1, 2, 3, 4), PreprocessOptions.builder());

        assertEquals(2, prepared.duplicatePairs());
        assertEquals(0, prepared.droppedRows());
        assertEquals(5, prepared.train().n());
        assertEquals("found 2 duplicate or co-aligned row pairs in 2 groups (|cos| >= 1 - 1E-9), "
                + "e.g. (0, 2), (1, 3); they break the theory's assumption that no two rows are "
                + "parallel; pass --drop-duplicates to keep only the first of each group",
                prepared.steps().get(2));
    }

    @Test
    void duplicatesDroppedKeepingFirst() {
        Matrix x = matrix(5, 2, 1, 2, 3, 1, 1, 2, -6, -2, 0, 1);

        PreparedData prepared = prepare(x, column(0, 1, 2, 3, 4),
                PreprocessOptions.builder().dropDuplicates(true).scaleTargets(false));

        assertEquals(2, prepared.droppedRows());
        assertArrayEquals(new int[] {0, 1, 4}, prepared.trainIndices());
        assertArrayEquals(new double[] {0, 1, 4}, prepared.train().y().data(), 0.0);
        assertTrue(prepared.steps().get(2).endsWith("dropped 2 rows, keeping the first row of "
                + "each group"), prepared.steps().get(2));
    }

    @Test
    void duplicateIndicesReferToLoadedRows() {
        // Row 0 is dropped as zero; the pair must still be named (1, 3), not (0, 2).
        Matrix x = matrix(4, 2, 0, 0, 1, 1, 1, 0, 2, 2);

        PreparedData prepared = prepare(x, column(0, 1, 2, 3),
                PreprocessOptions.builder().dropZeroRows(true));

        assertTrue(prepared.steps().get(2).contains("e.g. (1, 3)"), prepared.steps().get(2));
    }

    @Test
    void noDuplicatesReported() {
        Matrix[] data = randomData(50, 5, 1);

        PreparedData prepared = prepare(data[0], data[1], PreprocessOptions.builder());

        assertEquals(0, prepared.duplicatePairs());
        assertEquals("found no duplicate or co-aligned row pairs (|cos| >= 1 - 1E-9)",
                prepared.steps().get(2));
    }

    // ---- Split ----

    @Test
    void splitSizesAndOrder() {
        Matrix[] data = randomData(8, 3, 2);

        PreparedData prepared = prepare(data[0], data[1],
                PreprocessOptions.builder().testFraction(0.25).scaleTargets(false));

        assertEquals(6, prepared.train().n());
        assertEquals(2, prepared.test().n());
        int[] all = IntStream.concat(IntStream.of(prepared.trainIndices()),
                IntStream.of(prepared.testIndices())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 8).toArray(), all);
        assertArrayEquals(IntStream.of(prepared.trainIndices()).sorted().toArray(),
                prepared.trainIndices(), "training rows keep their relative order");
        assertArrayEquals(IntStream.of(prepared.testIndices()).sorted().toArray(),
                prepared.testIndices(), "held-out rows keep their relative order");
        for (int k = 0; k < prepared.testIndices().length; k++) {
            assertEquals(prepared.testIndices()[k], prepared.test().y().get(k, 0),
                    "targets follow their rows");
        }
        assertEquals("split 8 samples into 6 training and 2 held-out samples (test fraction "
                + "0.25, seed 42)", prepared.steps().get(3));
    }

    @Test
    void splitDeterministicForSeed() {
        Matrix[] data = randomData(100, 4, 3);
        PreprocessOptions options = PreprocessOptions.builder().testFraction(0.3).build();

        PreparedData first = Preprocessor.prepare(data[0], data[1], false, options, STREAMS);
        PreparedData again = Preprocessor.prepare(data[0], data[1], false, options,
                new RandomStreams(42));
        PreparedData otherSeed = Preprocessor.prepare(data[0], data[1], false, options,
                new RandomStreams(43));

        assertArrayEquals(first.testIndices(), again.testIndices());
        assertFalse(java.util.Arrays.equals(first.testIndices(), otherSeed.testIndices()));
    }

    @Test
    void splitIndependentOfOtherOptionsAndData() {
        Matrix[] data = randomData(100, 4, 4);
        Matrix[] otherData = randomData(100, 9, 5);

        PreparedData plain = prepare(data[0], data[1],
                PreprocessOptions.builder().testFraction(0.2));
        PreparedData changed = prepare(otherData[0], otherData[1], PreprocessOptions.builder()
                .testFraction(0.2).normalizeRows(false).scaleTargets(false)
                .duplicateTolerance(0.5));

        assertArrayEquals(plain.testIndices(), changed.testIndices());
    }

    @Test
    void splitWithoutHeldOutSample() {
        String message = failure(matrix(3, 1, 1, 2, 3), column(0, 1, 2),
                PreprocessOptions.builder().testFraction(0.1).normalizeRows(false));

        assertTrue(message.startsWith("--test-fraction 0.1 of 3 samples rounds to 0 held-out "
                + "samples"), message);
    }

    @Test
    void splitWithoutTrainingSample() {
        String message = failure(matrix(1, 1, 1), column(0),
                PreprocessOptions.builder().testFraction(0.6));

        assertTrue(message.contains("leaves no training sample"), message);
    }

    @Test
    void noSplitByDefault() {
        Matrix[] data = randomData(10, 2, 6);

        PreparedData prepared = prepare(data[0], data[1], PreprocessOptions.builder());

        assertNull(prepared.test());
        assertEquals(0, prepared.testIndices().length);
        assertEquals(10, prepared.trainIndices().length);
        assertEquals("no held-out split (test fraction 0); all 10 samples are used for training",
                prepared.steps().get(3));
    }

    // ---- Target scaling ----

    @Test
    void targetsScaledByTrainingMaximum() {
        Matrix[] data = randomData(20, 3, 7);
        Matrix y = new Matrix(20, 1, IntStream.range(0, 20).mapToDouble(i -> i - 10).toArray());

        PreparedData prepared = prepare(data[0], y,
                PreprocessOptions.builder().testFraction(0.25));

        double trainMax = 0;
        for (int index : prepared.trainIndices()) {
            trainMax = Math.max(trainMax, Math.abs(index - 10));
        }
        assertEquals(trainMax, prepared.targetScale(), 0.0);
        for (int k = 0; k < prepared.testIndices().length; k++) {
            assertEquals((prepared.testIndices()[k] - 10) / trainMax, prepared.test().y().get(k, 0),
                    1e-15, "held-out targets use the training factor");
        }
        assertEquals("divided the targets by max |Y| = " + Preprocessor.format(trainMax)
                + " over the 15 training samples (held-out part too)", prepared.steps().get(4));
    }

    @Test
    void zeroTargetsNotScaled() {
        Matrix[] data = randomData(5, 2, 8);

        PreparedData prepared = prepare(data[0], column(0, 0, 0, 0, 0),
                PreprocessOptions.builder());

        assertEquals(1.0, prepared.targetScale());
        assertTrue(prepared.steps().get(4).contains("all zero"), prepared.steps().get(4));
    }

    @Test
    void scalingOffReported() {
        Matrix[] data = randomData(5, 2, 9);

        PreparedData prepared = prepare(data[0], column(1, 2, 3, 4, 8),
                PreprocessOptions.builder().scaleTargets(false));

        assertEquals(1.0, prepared.targetScale());
        assertEquals(8, prepared.train().y().get(4, 0));
        assertEquals("target scaling is off; max |Y| over the 5 training samples is 8",
                prepared.steps().get(4));
    }

    // ---- Whole pipeline ----

    @Test
    void embeddedSubsetPrepared() {
        RawData raw = DataLoader.load(DataRequest.builder().maxSamples(500).build());

        PreparedData prepared = Preprocessor.prepare(raw,
                PreprocessOptions.builder().testFraction(0.2).build(), STREAMS);

        List<String> steps = prepared.steps();
        assertEquals(5, steps.size());
        assertTrue(steps.get(0).startsWith("checked 500 samples"), steps.get(0));
        assertTrue(steps.get(1).startsWith("normalized 500 rows"), steps.get(1));
        assertTrue(steps.get(2).startsWith("found no duplicate"), steps.get(2));
        assertTrue(steps.get(3).startsWith("split 500 samples into 400 training"), steps.get(3));
        assertTrue(steps.get(4).startsWith("divided the targets by max |Y| = 1"), steps.get(4));
        assertTrue(prepared.train().oneHot());
        assertEquals(784, prepared.train().d());
        assertEquals(10, prepared.train().c());
        double norm = 0;
        for (int k = 0; k < 784; k++) {
            norm += prepared.train().x().get(0, k) * prepared.train().x().get(0, k);
        }
        assertEquals(1.0, norm, 1e-12);
    }
}
