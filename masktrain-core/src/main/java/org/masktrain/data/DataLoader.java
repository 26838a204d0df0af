package org.masktrain.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.masktrain.InvalidInputException;
import org.masktrain.io.NpyArray;
import org.masktrain.io.NpyHeader;
import org.masktrain.io.NpyReader;
import org.masktrain.io.NpzReader;
import org.masktrain.linalg.Matrix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads features X and targets Y from the embedded Fashion-MNIST subset, a directory of
 * Fashion-MNIST IDX files, IDX image and label files, NumPy {@code .npz} and {@code .npy} files
 * or numeric CSV files.
 *
 * <p>Only the first {@link DataRequest#maxSamples()} samples are loaded; a source with fewer
 * samples is loaded whole and a note records it. Every failure caused by the input (missing file,
 * unknown format, malformed content, non-finite values, mismatched sample counts) raises
 * {@link InvalidInputException} with a one-line message naming the file.
 */
public final class DataLoader {

    /** Class-path resource with the embedded images (gzip IDX, 2000 x 28 x 28). */
    static final String EMBEDDED_IMAGES = "fashion-mnist-train-2000-images-idx3-ubyte.gz";
    /** Class-path resource with the embedded labels (gzip IDX, 2000 labels 0..9). */
    static final String EMBEDDED_LABELS = "fashion-mnist-train-2000-labels-idx1-ubyte.gz";
    /** Number of images in the embedded Fashion-MNIST subset. */
    public static final int EMBEDDED_SAMPLES = 2000;

    static final String ACCEPTED_FORMATS = "accepted: '" + DataRequest.EMBEDDED + "', a "
            + "directory with Fashion-MNIST IDX files, an .npz archive, an .npy features file "
            + "(with a targets file), a .csv file, or IDX files (.gz, .idx, *-ubyte)";

    private static final Logger LOG = LoggerFactory.getLogger(DataLoader.class);
    private static final String NOT_FOUND_HINT = "; pass --data with an existing file or "
            + "directory, or omit it to use the embedded Fashion-MNIST subset";

    private DataLoader() {
    }

    /** Data formats the loader recognizes. */
    private enum Format { NPZ, NPY, CSV, IDX }

    /**
     * Loaded values before target encoding.
     *
     * @param values the loaded rows
     * @param available the number of samples in the source
     * @param source the file or array, named in messages
     */
    private record Part(Matrix values, int available, String source) {
    }

    /**
     * Loads the data that {@code request} names.
     *
     * @param request the source and loading options
     * @return features, encoded targets and a description of the source
     * @throws InvalidInputException when the source is missing, unreadable or invalid
     */
    public static RawData load(DataRequest request) {
        try {
            RawData data = dispatch(request);
            LOG.info("loaded {} of {} samples, {} features, {} target columns from {}",
                    data.loadedSamples(), data.availableSamples(), data.features().cols(),
                    data.targets().cols(), data.description());
            for (String note : data.notes()) {
                LOG.info("data: {}", note);
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("data file not found: " + e.getFile()
                    + NOT_FOUND_HINT, e);
        } catch (AccessDeniedException e) {
            throw new InvalidInputException("data file not readable: " + e.getFile()
                    + " (permission denied)" + NOT_FOUND_HINT, e);
        } catch (IOException e) {
            throw new InvalidInputException("failed to read data from " + request.location()
                    + ": " + e, e);
        }
    }

    private static RawData dispatch(DataRequest request) throws IOException {
        if (request.isEmbedded()) {
            return loadEmbedded(request);
        }
        Path path = Path.of(request.location());
        requireReadable(path, "data file");
        if (Files.isDirectory(path)) {
            return loadIdxDirectory(path, request);
        }
        Format format = detectFormat(path);
        if (format == null) {
            throw new InvalidInputException("unrecognized data format: " + path + "; "
                    + ACCEPTED_FORMATS);
        }
        if (format != Format.IDX && request.sourceSplit() == SourceSplit.TEST) {
            throw new InvalidInputException("--split test selects the Fashion-MNIST test files "
                    + "of a directory, but " + path + " is a single " + format + " file; drop "
                    + "--split or pass the Fashion-MNIST directory");
        }
        switch (format) {
            case NPZ:
                return loadNpz(path, request);
            case NPY:
                return loadNpy(path, request);
            case CSV:
                return loadCsv(path, request);
            case IDX:
                return loadIdxFiles(path, request);
            default:
                throw new AssertionError(format);
        }
    }

    // ---- Embedded subset and IDX files ----

    private static RawData loadEmbedded(DataRequest request) throws IOException {
        if (request.sourceSplit() == SourceSplit.TEST) {
            throw new InvalidInputException("the embedded Fashion-MNIST subset has training "
                    + "images only; pass --data with a directory of Fashion-MNIST files to load "
                    + "the test split");
        }
        if (request.targetsPath() != null) {
            throw new InvalidInputException("a targets file (" + request.targetsPath() + ") "
                    + "cannot be combined with the embedded subset, which has its own labels");
        }
        IdxReader.Images images;
        IdxReader.Labels labels;
        try (InputStream in = openResource(EMBEDDED_IMAGES)) {
            images = IdxReader.readImages(in, EMBEDDED_IMAGES, -1, request.maxSamples());
        }
        try (InputStream in = openResource(EMBEDDED_LABELS)) {
            labels = IdxReader.readLabels(in, EMBEDDED_LABELS, -1, request.maxSamples());
        }
        String description = "Fashion-MNIST (embedded subset, " + images.availableImages()
                + " training images)";
        return assemble(request, imagesPart(images, EMBEDDED_IMAGES),
                labelsPart(labels, EMBEDDED_LABELS), description, new ArrayList<>());
    }

    private static InputStream openResource(String name) {
        InputStream in = DataLoader.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("resource " + name + " is missing from the class path;"
                    + " the masktrain-core jar is incomplete");
        }
        return in;
    }

    private static RawData loadIdxDirectory(Path directory, DataRequest request)
            throws IOException {
        String prefix = request.sourceSplit() == SourceSplit.TEST ? "t10k" : "train";
        Path images = findIdxFile(directory, prefix, "images", "idx3");
        if (images == null) {
            throw new InvalidInputException("directory " + directory + " has no "
                    + "Fashion-MNIST " + (prefix.equals("t10k") ? "test" : "training")
                    + " images: expected " + prefix + "-images-idx3-ubyte or " + prefix
                    + "-images-idx3-ubyte.gz");
        }
        Path labels = request.targetsPath();
        if (labels == null) {
            labels = findIdxFile(directory, prefix, "labels", "idx1");
            if (labels == null) {
                throw new InvalidInputException("directory " + directory + " has the images "
                        + images.getFileName() + " but no labels file: expected " + prefix
                        + "-labels-idx1-ubyte or " + prefix + "-labels-idx1-ubyte.gz");
            }
        }
        return loadIdxPair(images, labels, request);
    }

    private static Path findIdxFile(Path directory, String prefix, String kind, String idx) {
        for (String separator : new String[] {"-", "."}) {
            String base = prefix + "-" + kind + separator + idx + "-ubyte";
            for (String name : new String[] {base, base + ".gz"}) {
                Path candidate = directory.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static RawData loadIdxFiles(Path images, DataRequest request) throws IOException {
        Path labels = request.targetsPath();
        if (labels == null) {
            labels = labelsPathFor(images);
            if (labels == null) {
                throw new InvalidInputException("cannot find the labels file for the IDX images "
                        + images + ": its name does not contain 'images-idx3'; pass the labels "
                        + "file with --targets-file");
            }
            if (!Files.exists(labels)) {
                throw new InvalidInputException("labels file not found: " + labels + " (derived "
                        + "from the images file " + images.getFileName() + "); pass the labels "
                        + "file with --targets-file");
            }
        }
        return loadIdxPair(images, labels, request);
    }

    /** Returns the labels file named like {@code images}, or {@code null} when none fits. */
    static Path labelsPathFor(Path images) {
        String name = images.getFileName().toString();
        String[][] replacements = {{"images-idx3", "labels-idx1"}, {"images.idx3", "labels.idx1"}};
        for (String[] replacement : replacements) {
            if (name.contains(replacement[0])) {
                return images.resolveSibling(name.replace(replacement[0], replacement[1]));
            }
        }
        return null;
    }

    private static RawData loadIdxPair(Path imagesFile, Path labelsFile, DataRequest request)
            throws IOException {
        requireReadable(labelsFile, "labels file");
        IdxReader.Images images = IdxReader.readImages(imagesFile, request.maxSamples());
        Part targets = isIdx(labelsFile)
                ? labelsPart(IdxReader.readLabels(labelsFile, request.maxSamples()),
                        labelsFile.toString())
                : loadTargetsFile(labelsFile, request);
        String description = "IDX images " + imagesFile + " (" + images.availableImages()
                + " images of " + images.rows() + " x " + images.cols() + ") with labels "
                + labelsFile;
        return assemble(request, imagesPart(images, imagesFile.toString()), targets,
                description, new ArrayList<>());
    }

    private static Part imagesPart(IdxReader.Images images, String source) {
        return new Part(images.pixels(), images.availableImages(), source);
    }

    private static Part labelsPart(IdxReader.Labels labels, String source) {
        int[] values = labels.labels();
        double[] column = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            column[i] = values[i];
        }
        return new Part(new Matrix(values.length, 1, column), labels.availableLabels(), source);
    }

    private static boolean isIdx(Path file) throws IOException {
        return detectFormat(file) == Format.IDX;
    }

    // ---- NumPy and CSV ----

    private static RawData loadNpz(Path file, DataRequest request) throws IOException {
        List<String> notes = new ArrayList<>();
        try (NpzReader archive = NpzReader.open(file)) {
            String featuresKey = chooseKey(archive, request.featuresKey(),
                    DataRequest.DEFAULT_FEATURES_KEY, "X");
            if (featuresKey == null) {
                throw missingKey(file, archive, "features", request.featuresKey(),
                        DataRequest.DEFAULT_FEATURES_KEY, "X");
            }
            Part features = arrayPart(archive.read(featuresKey, request.maxSamples()),
                    file + "[" + featuresKey + "]", "features", notes);

            Part targets;
            String targetsText;
            if (request.targetsPath() != null) {
                targets = loadTargetsFile(request.targetsPath(), request);
                targetsText = "targets from " + request.targetsPath();
            } else {
                String targetsKey = chooseKey(archive, request.targetsKey(),
                        DataRequest.DEFAULT_TARGETS_KEY, "Y");
                if (targetsKey == null) {
                    throw missingKey(file, archive, "targets", request.targetsKey(),
                            DataRequest.DEFAULT_TARGETS_KEY, "Y");
                }
                targets = arrayPart(archive.read(targetsKey, request.maxSamples()),
                        file + "[" + targetsKey + "]", "targets", notes);
                targetsText = "targets '" + targetsKey + "'";
            }
            String description = "NPZ archive " + file + " (features '" + featuresKey + "', "
                    + targetsText + ")";
            return assemble(request, features, targets, description, notes);
        }
    }

    /** Returns {@code requested} if present, else {@code fallback} when the default was kept. */
    private static String chooseKey(NpzReader archive, String requested, String defaultKey,
            String fallback) {
        if (archive.contains(requested)) {
            return requested;
        }
        if (requested.equals(defaultKey) && archive.contains(fallback)) {
            return fallback;
        }
        return null;
    }

    private static InvalidInputException missingKey(Path file, NpzReader archive, String what,
            String requested, String defaultKey, String fallback) {
        String tried = requested.equals(defaultKey)
                ? "'" + requested + "' or '" + fallback + "'" : "'" + requested + "'";
        return new InvalidInputException(file + ": no " + what + " array " + tried
                + " in the archive; it contains " + archive.keys() + "; choose the arrays with "
                + "--features-key and --targets-key");
    }

    private static RawData loadNpy(Path file, DataRequest request) throws IOException {
        if (request.targetsPath() == null) {
            throw new InvalidInputException(file + ": an .npy file contains only the features; "
                    + "pass the targets file (.npy, .csv or IDX labels) with --targets-file, or "
                    + "use an .npz archive with features and labels arrays");
        }
        List<String> notes = new ArrayList<>();
        Part features = arrayPart(NpyReader.read(file, request.maxSamples()), file.toString(),
                "features", notes);
        Part targets = loadTargetsFile(request.targetsPath(), request);
        String description = "NPY features " + file + " with targets " + request.targetsPath();
        return assemble(request, features, targets, description, notes);
    }

    private static RawData loadCsv(Path file, DataRequest request) throws IOException {
        CsvLoader.CsvTable table = CsvLoader.read(file, request.maxSamples());
        List<String> notes = new ArrayList<>();
        if (table.hasHeader()) {
            notes.add(file + ": first line taken as a header of column names " + table.header());
        }
        Matrix values = table.values();
        int columns = values.cols();
        if (request.targetsPath() != null) {
            Part features = new Part(values, table.totalRows(), file.toString());
            Part targets = loadTargetsFile(request.targetsPath(), request);
            String description = "CSV features " + file + " (" + columns + " columns) with "
                    + "targets " + request.targetsPath();
            return assemble(request, features, targets, description, notes);
        }

        int targetColumns = request.csvTargetColumns();
        if (targetColumns >= columns) {
            throw new InvalidInputException(file + ": --csv-target-columns " + targetColumns
                    + " leaves no feature columns, because the file has " + columns + " column"
                    + (columns == 1 ? "" : "s"));
        }
        Part features = new Part(selectColumns(values, 0, columns - targetColumns),
                table.totalRows(), file.toString());
        Part targets = new Part(selectColumns(values, columns - targetColumns, columns),
                table.totalRows(), file.toString());
        String description = "CSV file " + file + " (" + columns + " columns, the last "
                + targetColumns + " as targets)";
        return assemble(request, features, targets, description, notes);
    }

    /** Loads a separate targets file: .npy, .csv (every column), .npz or IDX labels. */
    private static Part loadTargetsFile(Path file, DataRequest request) throws IOException {
        requireReadable(file, "targets file");
        Format format = detectFormat(file);
        if (format == null) {
            throw new InvalidInputException("unrecognized targets file format: " + file
                    + "; accepted: .npy, .npz, .csv or IDX labels files");
        }
        switch (format) {
            case NPY:
                return arrayPart(NpyReader.read(file, request.maxSamples()), file.toString(),
                        "targets", new ArrayList<>());
            case CSV:
                CsvLoader.CsvTable table = CsvLoader.read(file, request.maxSamples());
                return new Part(table.values(), table.totalRows(), file.toString());
            case IDX:
                return labelsPart(IdxReader.readLabels(file, request.maxSamples()),
                        file.toString());
            case NPZ:
                try (NpzReader archive = NpzReader.open(file)) {
                    String key = chooseKey(archive, request.targetsKey(),
                            DataRequest.DEFAULT_TARGETS_KEY, "Y");
                    if (key == null) {
                        throw missingKey(file, archive, "targets", request.targetsKey(),
                                DataRequest.DEFAULT_TARGETS_KEY, "Y");
                    }
                    return arrayPart(archive.read(key, request.maxSamples()),
                            file + "[" + key + "]", "targets", new ArrayList<>());
                }
            default:
                throw new AssertionError(format);
        }
    }

    /**
     * Converts a NumPy array with samples along the first axis to a matrix: 1-D becomes one
     * column and more than two axes are flattened per sample (an n x 28 x 28 image stack becomes
     * n x 784).
     */
    private static Part arrayPart(NpyArray array, String source, String what,
            List<String> notes) {
        long[] fileShape = array.header().shape();
        if (array.ndim() == 0) {
            throw new InvalidInputException(source + ": the " + what + " must be an array with "
                    + "samples along the first axis, but it is a scalar (shape ())");
        }
        if (what.equals("targets") && array.ndim() > 2) {
            throw new InvalidInputException(source + ": the targets must be 1-D or 2-D (samples "
                    + "first), but the shape is " + NpyHeader.formatShape(fileShape));
        }
        int rows = (int) array.shape(0);
        int cols = rows == 0 ? 0 : array.data().length / rows;
        if (rows == 0) {
            cols = (int) Arrays.stream(fileShape).skip(1).reduce(1, Math::multiplyExact);
        }
        if (array.ndim() > 2) {
            notes.add(source + ": flattened the " + what + " of shape "
                    + NpyHeader.formatShape(fileShape) + " to " + fileShape[0] + " x " + cols);
        }
        return new Part(new Matrix(rows, cols, array.data()), (int) fileShape[0], source);
    }

    // ---- Checks shared by every format ----

    private static RawData assemble(DataRequest request, Part features, Part targets,
            String description, List<String> notes) {
        if (features.available() != targets.available()) {
            throw new InvalidInputException("the features have " + features.available()
                    + " samples (" + features.source() + ") but the targets have "
                    + targets.available() + " (" + targets.source() + ")");
        }
        int available = features.available();
        if (available == 0) {
            throw new InvalidInputException(features.source() + ": the source contains no "
                    + "samples");
        }
        int loaded = features.values().rows();
        if (targets.values().rows() != loaded) {
            throw new IllegalStateException("loaded " + loaded + " feature rows but "
                    + targets.values().rows() + " target rows");
        }
        if (features.values().cols() == 0) {
            throw new InvalidInputException(features.source() + ": the features have no "
                    + "columns");
        }
        if (targets.values().cols() == 0) {
            throw new InvalidInputException(targets.source() + ": the targets have no columns");
        }
        requireFinite(features.values(), features.source(), "features");
        requireFinite(targets.values(), targets.source(), "targets");

        if (request.maxSamples() > available) {
            notes.add("requested " + request.maxSamples() + " samples but the source has only "
                    + available + "; loaded " + loaded);
        }
        TargetEncoder.Encoded encoded = TargetEncoder.encode(targets.values(),
                request.targetMode(), targets.source());
        notes.add(encoded.note());
        return new RawData(features.values(), encoded.targets(), encoded.oneHot(), description,
                available, loaded, notes);
    }

    /** Rejects NaN and infinities, naming the first one in row-major order (0-based). */
    static void requireFinite(Matrix matrix, String source, String what) {
        double[] data = matrix.data();
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                int cols = matrix.cols();
                throw new InvalidInputException(source + ": non-finite value " + data[k]
                        + " in the " + what + " at sample " + k / cols + ", column " + k % cols
                        + " (0-based); every value must be a finite number");
            }
        }
    }

    private static Matrix selectColumns(Matrix matrix, int from, int to) {
        int width = to - from;
        Matrix out = Matrix.zeros(matrix.rows(), width);
        for (int i = 0; i < matrix.rows(); i++) {
            System.arraycopy(matrix.data(), i * matrix.cols() + from, out.data(), i * width,
                    width);
        }
        return out;
    }

    private static void requireReadable(Path path, String what) {
        if (!Files.exists(path)) {
            throw new InvalidInputException(what + " not found: " + path + NOT_FOUND_HINT);
        }
        if (!Files.isReadable(path)) {
            throw new InvalidInputException(what + " not readable: " + path
                    + " (permission denied)" + NOT_FOUND_HINT);
        }
    }

    /** Detects the format from the file name, or else from the first bytes. */
    private static Format detectFormat(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            return Format.NPZ;
        }
        if (name.endsWith(".npy")) {
            return Format.NPY;
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".gz") || name.endsWith(".idx") || name.contains("ubyte")) {
            return Format.IDX;
        }

        // No known extension: look at the first bytes.
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(6);
        }

        if (head.length == 6 && (head[0] & 0xFF) == 0x93 && head[1] == 'N' && head[2] == 'U'
                && head[3] == 'M' && head[4] == 'P' && head[5] == 'Y') {
            return Format.NPY;
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3
                && head[3] == 4) {
            return Format.NPZ;
        }

        int magic = IdxReader.peekMagic(file);
        if (magic == IdxReader.IMAGES_MAGIC || magic == IdxReader.LABELS_MAGIC) {
            return Format.IDX;
        }
        return null;
    }
}
