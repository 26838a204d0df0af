package org.masktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.InvalidInputException;
import org.masktrain.io.NpyWriter;
import org.masktrain.io.NpzWriter;
import org.masktrain.linalg.Matrix;

class DataLoaderTest {

    // First ten training labels and per-class counts of the first 2000 Fashion-MNIST training
    // images, computed with NumPy from Debian's dataset-fashion-mnist package.
    private static final int[] EMBEDDED_FIRST_LABELS = {9, 0, 0, 3, 0, 2, 7, 2, 5, 5};
    private static final int[] EMBEDDED_CLASS_COUNTS =
            {194, 216, 202, 195, 186, 200, 194, 215, 198, 200};
    // Sum of the 784 pixel values of the first training image, from the same source.
    private static final double EMBEDDED_FIRST_PIXEL_SUM = 76247;

    @TempDir
    Path dir;

    private static DataRequest.Builder request(Path location) {
        return DataRequest.builder().location(location);
    }

    private static String failure(DataRequest.Builder builder) {
        return assertThrows(InvalidInputException.class, () -> DataLoader.load(builder.build()))
                .getMessage();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, content);
        return path;
    }

    private Path npy(String name, Matrix matrix) throws IOException {
        Path path = dir.resolve(name);
        NpyWriter.write(path, matrix);
        return path;
    }

    private static Matrix column(double... values) {
        return new Matrix(values.length, 1, values);
    }

    private static int label(Matrix oneHot, int row) {
        for (int j = 0; j < oneHot.cols(); j++) {
            if (oneHot.get(row, j) == 1) {
                return j;
            }
        }
        return -1;
    }

    // ---- Embedded subset ----

    @Test
    void embeddedSubsetLoadsAllImages() {
        RawData data = DataLoader.load(DataRequest.builder().maxSamples(5000).build());

        assertEquals(2000, data.availableSamples());
        assertEquals(2000, data.loadedSamples());
        assertEquals(784, data.features().cols());
        assertEquals(10, data.targets().cols());
        assertTrue(data.oneHot());
        assertEquals("Fashion-MNIST (embedded subset, 2000 training images)", data.description());
        assertTrue(data.notes().stream().anyMatch(n -> n.contains("requested 5000 samples")),
                data.notes().toString());
    }

    @Test
    void embeddedSubsetMatchesReferenceValues() {
        RawData data = DataLoader.load(DataRequest.builder().maxSamples(2000).build());

        int[] counts = new int[10];
        for (int i = 0; i < 2000; i++) {
            counts[label(data.targets(), i)]++;
        }
        int[] first = new int[10];
        for (int i = 0; i < 10; i++) {
            first[i] = label(data.targets(), i);
        }
        double pixelSum = 0;
        double maxPixel = 0;
        for (int p = 0; p < 784; p++) {
            pixelSum += data.features().get(0, p);
        }
        for (double value : data.features().data()) {
            maxPixel = Math.max(maxPixel, value);
        }
        assertArrayEquals(EMBEDDED_FIRST_LABELS, first);
        assertArrayEquals(EMBEDDED_CLASS_COUNTS, counts);
        assertEquals(EMBEDDED_FIRST_PIXEL_SUM, pixelSum, 0.0);
        assertEquals(255, maxPixel, 0.0);
    }

    @Test
    void defaultRequestLoadsThousandSamples() {
        RawData data = DataLoader.load(DataRequest.defaults());

        assertEquals(1000, data.loadedSamples());
        assertEquals(2000, data.availableSamples());
        assertFalse(data.notes().stream().anyMatch(n -> n.contains("requested")));
    }

    @Test
    void embeddedRawTargetsAreLabels() {
        RawData data = DataLoader.load(DataRequest.builder().maxSamples(3)
                .targetMode(TargetMode.RAW).build());

        assertFalse(data.oneHot());
        assertArrayEquals(new double[] {9, 0, 0}, data.targets().data());
    }

    @Test
    void embeddedTestSplitRejected() {
        String message = failure(DataRequest.builder().sourceSplit(SourceSplit.TEST));

        assertTrue(message.contains("training images only"), message);
    }

    // ---- Request validation and dispatch ----

    @Test
    void zeroSamplesRejected() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DataRequest.builder().maxSamples(0).build());

        assertEquals("--samples must be >= 1, got 0", e.getMessage());
    }

    @Test
    void missingFileNamed() {
        Path missing = dir.resolve("nope.npz");

        assertEquals("data file not found: " + missing + "; pass --data with an existing file or "
                + "directory, or omit it to use the embedded Fashion-MNIST subset",
                failure(request(missing)));
    }

    @Test
    void unknownFormatListsAccepted() throws IOException {
        Path text = write("data.bin", "hello".getBytes());

        String message = failure(request(text));

        assertTrue(message.startsWith("unrecognized data format: " + text), message);
        assertTrue(message.contains(".npz"), message);
        assertTrue(message.contains(".csv"), message);
    }

    @Test
    void formatSniffedWithoutExtension() throws IOException {
        Path images = write("images", IdxTestFiles.images(4, 2, 2));
        Path labels = write("labels", IdxTestFiles.labels(4, 2));
        Path features = npy("features-no-extension", new Matrix(2, 1, new double[] {1, 2}));
        Path renamed = dir.resolve("features");
        Files.move(features, renamed);

        RawData fromIdx = DataLoader.load(request(images).targetsPath(labels).build());
        RawData fromNpy = DataLoader.load(request(renamed)
                .targetsPath(npy("t.npy", column(0, 1))).build());

        assertEquals(4, fromIdx.loadedSamples());
        assertEquals(2, fromNpy.loadedSamples());
    }

    // ---- IDX ----

    @Test
    void idxDirectoryTrainAndTest() throws IOException {
        write("train-images-idx3-ubyte.gz", IdxTestFiles.gzip(IdxTestFiles.images(6, 2, 2)));
        write("train-labels-idx1-ubyte.gz", IdxTestFiles.gzip(IdxTestFiles.labels(6, 3)));
        write("t10k-images-idx3-ubyte", IdxTestFiles.images(2, 2, 2));
        write("t10k-labels-idx1-ubyte", IdxTestFiles.labels(2, 3));

        RawData train = DataLoader.load(request(dir).build());
        RawData test = DataLoader.load(request(dir).sourceSplit(SourceSplit.TEST).build());

        assertEquals(6, train.loadedSamples());
        assertEquals(4, train.features().cols());
        assertEquals(3, train.targets().cols());
        assertEquals(2, test.loadedSamples());
        assertTrue(test.description().contains("t10k-images-idx3-ubyte"), test.description());
    }

    @Test
    void idxDirectoryWithoutFilesRejected() {
        String message = failure(request(dir));

        assertTrue(message.contains("train-images-idx3-ubyte.gz"), message);
    }

    @Test
    void idxLabelsFoundByName() throws IOException {
        Path images = write("my-images-idx3-ubyte", IdxTestFiles.images(5, 3, 3));
        write("my-labels-idx1-ubyte", IdxTestFiles.labels(5, 2));

        RawData data = DataLoader.load(request(images).maxSamples(3).build());

        assertEquals(3, data.loadedSamples());
        assertEquals(5, data.availableSamples());
        assertEquals(9, data.features().cols());
        assertEquals(IdxTestFiles.pixel(2, 4), data.features().get(2, 4));
    }

    @Test
    void idxMissingLabelsNamed() throws IOException {
        Path images = write("x-images-idx3-ubyte", IdxTestFiles.images(5, 3, 3));

        String message = failure(request(images));

        assertTrue(message.startsWith("labels file not found: "
                + dir.resolve("x-labels-idx1-ubyte")), message);
    }

    @Test
    void idxCountMismatchNamesBothCounts() throws IOException {
        Path images = write("a-images-idx3-ubyte", IdxTestFiles.images(5, 1, 1));
        write("a-labels-idx1-ubyte", IdxTestFiles.labels(4, 2));

        String message = failure(request(images));

        assertTrue(message.contains("features have 5 samples"), message);
        assertTrue(message.contains("targets have 4"), message);
    }

    // ---- NumPy ----

    @Test
    void npzWithDefaultKeys() throws IOException {
        Path path = dir.resolve("d.npz");
        NpzWriter.write(path, npz -> {
            npz.putMatrix("features", new Matrix(3, 2, new double[] {1, 2, 3, 4, 5, 6}));
            npz.putFloat64("labels", new long[] {3}, new double[] {2, 0, 1});
        });

        RawData data = DataLoader.load(request(path).build());

        assertEquals(3, data.targets().cols());
        assertTrue(data.oneHot());
        assertEquals(1, data.targets().get(0, 2));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, data.features().data());
    }

    @Test
    void npzFallsBackToXAndY() throws IOException {
        Path path = dir.resolve("xy.npz");
        NpzWriter.write(path, npz -> {
            npz.putMatrix("X", new Matrix(2, 2, new double[] {1, 2, 3, 4}));
            npz.putMatrix("Y", new Matrix(2, 2, new double[] {0.5, -1, 2, 0}));
        });

        RawData data = DataLoader.load(request(path).build());

        assertFalse(data.oneHot());
        assertArrayEquals(new double[] {0.5, -1, 2, 0}, data.targets().data());
    }

    @Test
    void npzCustomKeys() throws IOException {
        Path path = dir.resolve("k.npz");
        NpzWriter.write(path, npz -> {
            npz.putMatrix("inputs", new Matrix(2, 1, new double[] {1, 2}));
            npz.putMatrix("outputs", column(3, 4));
        });

        RawData data = DataLoader.load(request(path).featuresKey("inputs")
                .targetsKey("outputs").targetMode(TargetMode.RAW).build());

        assertArrayEquals(new double[] {3, 4}, data.targets().data());
    }

    @Test
    void npzMissingKeyListsContents() throws IOException {
        Path path = dir.resolve("m.npz");
        NpzWriter.write(path, npz -> {
            npz.putMatrix("inputs", new Matrix(2, 1, new double[] {1, 2}));
            npz.putMatrix("outputs", column(3, 4));
        });

        String message = failure(request(path));

        assertTrue(message.contains("no features array 'features' or 'X'"), message);
        assertTrue(message.contains("[inputs, outputs]"), message);
        assertTrue(message.contains("--features-key"), message);
    }

    @Test
    void npzImageStackFlattened() throws IOException {
        Path path = dir.resolve("stack.npz");
        NpzWriter.write(path, npz -> {
            npz.putFloat64("features", new long[] {2, 2, 3}, new double[12]);
            npz.putFloat64("labels", new long[] {2}, new double[] {0, 1});
        });

        RawData data = DataLoader.load(request(path).build());

        assertEquals(6, data.features().cols());
        assertTrue(data.notes().stream().anyMatch(n -> n.contains("flattened")));
    }

    @Test
    void npyNeedsTargetsFile() throws IOException {
        Path features = npy("x.npy", new Matrix(2, 2, new double[] {1, 2, 3, 4}));

        String message = failure(request(features));

        assertTrue(message.startsWith(features + ": an .npy file contains only the features"),
                message);
    }

    @Test
    void npyWithTargetsInOtherFormats() throws IOException {
        Path features = npy("x.npy", new Matrix(3, 2, new double[] {1, 2, 3, 4, 5, 6}));
        Path targetsNpy = npy("y.npy", column(0.5, 1.5, 2.5));
        Path targetsCsv = write("y.csv", "1,2\n3,4\n5,6\n".getBytes());
        Path targetsIdx = write("y-labels-idx1-ubyte", IdxTestFiles.labels(3, 3));

        RawData fromNpy = DataLoader.load(request(features).targetsPath(targetsNpy).build());
        RawData fromCsv = DataLoader.load(request(features).targetsPath(targetsCsv).build());
        RawData fromIdx = DataLoader.load(request(features).targetsPath(targetsIdx).build());

        assertArrayEquals(new double[] {0.5, 1.5, 2.5}, fromNpy.targets().data());
        assertEquals(2, fromCsv.targets().cols());
        assertEquals(3, fromIdx.targets().cols());
        assertTrue(fromIdx.oneHot());
    }

    @Test
    void nonFiniteNpyValueLocated() throws IOException {
        Path features = npy("nan.npy",
                new Matrix(2, 3, new double[] {1, 2, 3, 4, Double.NaN, 6}));
        Path targets = npy("y.npy", column(0, 1));
        Path infTargets = npy("inf.npy", column(0, Double.NEGATIVE_INFINITY));
        Path finite = npy("ok.npy", new Matrix(2, 1, new double[] {1, 2}));

        String nan = failure(request(features).targetsPath(targets));
        String inf = failure(request(finite).targetsPath(infTargets));

        assertEquals(features + ": non-finite value NaN in the features at sample 1, column 1 "
                + "(0-based); every value must be a finite number", nan);
        assertTrue(inf.startsWith(infTargets + ": non-finite value -Infinity in the targets at "
                + "sample 1, column 0"), inf);
    }

    @Test
    void npySampleCountMismatch() throws IOException {
        Path features = npy("x.npy", new Matrix(3, 1, new double[] {1, 2, 3}));
        Path targets = npy("y.npy", column(0, 1));

        String message = failure(request(features).targetsPath(targets).maxSamples(2));

        assertTrue(message.contains("the features have 3 samples (" + features + ")"), message);
        assertTrue(message.contains("the targets have 2 (" + targets + ")"), message);
    }

    // ---- CSV ----

    @Test
    void csvLastColumnsAreTargets() throws IOException {
        Path path = write("d.csv", "a,b,c,d\n1,2,0.5,7\n3,4,1.5,8\n".getBytes());

        RawData data = DataLoader.load(request(path).csvTargetColumns(2).build());

        assertEquals(2, data.features().cols());
        assertArrayEquals(new double[] {0.5, 7, 1.5, 8}, data.targets().data());
        assertTrue(data.notes().get(0).contains("header"), data.notes().toString());
    }

    @Test
    void csvWithoutFeatureColumnsRejected() throws IOException {
        Path path = write("one.csv", "1\n2\n".getBytes());

        String message = failure(request(path));

        assertTrue(message.contains("--csv-target-columns 1 leaves no feature columns"),
                message);
    }

    @Test
    void csvFewerRowsThanRequestedIsNoted() throws IOException {
        Path path = write("few.csv", "1,0\n2,1\n".getBytes());

        RawData data = DataLoader.load(request(path).maxSamples(10).build());

        assertEquals(2, data.loadedSamples());
        assertTrue(data.notes().stream().anyMatch(
                n -> n.equals("requested 10 samples but the source has only 2; loaded 2")),
                data.notes().toString());
    }

    // ---- Target modes ----

    @Test
    void autoKeepsNonIntegerTargetsRaw() throws IOException {
        Path path = write("r.csv", "1,0.5\n2,3\n".getBytes());

        RawData data = DataLoader.load(request(path).build());

        assertFalse(data.oneHot());
        assertEquals(1, data.targets().cols());
    }

    @Test
    void autoKeepsLargeIntegersRaw() throws IOException {
        Path path = write("big.csv", "1,5\n2,1000\n".getBytes());

        RawData data = DataLoader.load(request(path).build());

        assertFalse(data.oneHot());
    }

    @Test
    void oneHotUsesMaxLabelPlusOneColumns() throws IOException {
        Path path = write("c.csv", "1,4\n2,1\n".getBytes());

        RawData data = DataLoader.load(request(path).targetMode(TargetMode.ONEHOT).build());

        assertEquals(5, data.targets().cols());
        assertEquals(1, data.targets().get(0, 4));
        assertEquals(1, data.targets().get(1, 1));
    }

    @Test
    void oneHotRejectsNonLabels() throws IOException {
        Path fractional = write("f.csv", "1,0.5\n2,1\n".getBytes());
        Path negative = write("n.csv", "1,1\n2,-1\n".getBytes());
        Path wide = write("w.csv", "1,1,2\n2,1,2\n".getBytes());

        String fractionalMessage = failure(request(fractional).targetMode(TargetMode.ONEHOT));
        String negativeMessage = failure(request(negative).targetMode(TargetMode.ONEHOT));
        String wideMessage = failure(request(wide).targetMode(TargetMode.ONEHOT)
                .csvTargetColumns(2));

        assertTrue(fractionalMessage.contains("sample 0 has the value 0.5"), fractionalMessage);
        assertTrue(negativeMessage.contains("sample 1 has the value -1.0"), negativeMessage);
        assertTrue(wideMessage.contains("the targets have 2 columns"), wideMessage);
    }
}
