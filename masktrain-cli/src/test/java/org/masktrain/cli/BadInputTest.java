package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.cli.CliAssertions.BAD_INPUT;
import static org.masktrain.cli.CliAssertions.assertRejected;
import static org.masktrain.cli.CliAssertions.assertSucceeded;
import static org.masktrain.cli.DataFiles.IDX_IMAGES_MAGIC;
import static org.masktrain.cli.DataFiles.IMAGES_GZ;
import static org.masktrain.cli.DataFiles.IMAGES_PLAIN;
import static org.masktrain.cli.DataFiles.LABELS_PLAIN;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on the command line, in a data file or in a config file: exit status 2, one line
 * on standard error naming the value and the option or file, and no run directory.
 */
class BadInputTest {

    /** Adds the options or writes the files of one case into the temporary {@code dir}. */
    @FunctionalInterface
    interface Setup {
        void apply(Path dir, TrainArgs args) throws IOException;
    }

    /**
     * One bad input.
     *
     * @param name the case, shown as the test name
     * @param setup adds the bad option or writes the bad file
     * @param fragments text the error line must contain: the value and the option or file
     */
    record BadInput(String name, Setup setup, List<String> fragments) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static BadInput bad(String name, Setup setup, String... fragments) {
        return new BadInput(name, setup, List.of(fragments));
    }

    private static BadInput badOption(String option, String value, String... fragments) {
        return bad(option + " " + value, (dir, args) -> args.set(option, value), fragments);
    }

    static Stream<BadInput> badInputs() {
        return Stream.of(
                bad("missing data file",
                        (dir, args) -> args.set("--data", dir.resolve("absent.csv").toString()),
                        "absent.csv", "not found"),
                bad("directory without IDX files",
                        (dir, args) -> args.set("--data",
                                Files.createDirectory(dir.resolve("no-idx")).toString()),
                        "no-idx", IMAGES_PLAIN),
                bad("truncated gzip IDX", BadInputTest::truncatedGzip,
                        IMAGES_GZ, "truncated"),
                bad("corrupt gzip IDX", BadInputTest::corruptGzip,
                        IMAGES_GZ, "corrupt gzip"),
                bad("IDX with wrong magic", BadInputTest::wrongMagic,
                        IMAGES_PLAIN, "0x00000804"),
                bad("truncated plain IDX", BadInputTest::truncatedPlain,
                        IMAGES_PLAIN, "truncated", "60 images"),
                bad("CSV with ragged row",
                        (dir, args) -> csv(dir, args, "ragged.csv", "0.5,0.25,0.125"),
                        "ragged.csv", "line 3"),
                bad("CSV with NaN",
                        (dir, args) -> csv(dir, args, "nan.csv", "0.5,NaN,0.125,1"),
                        "nan.csv", "line 3", "'NaN'"),
                bad("CSV with Infinity",
                        (dir, args) -> csv(dir, args, "infinity.csv", "0.5,Infinity,0.125,1"),
                        "infinity.csv", "line 3", "'Infinity'"),
                bad("CSV with text field",
                        (dir, args) -> csv(dir, args, "text.csv", "0.5,abc,0.125,1"),
                        "text.csv", "line 3", "'abc'"),
                bad("CSV with all-zero row",
                        (dir, args) -> csv(dir, args, "zero.csv", "0,0,0,1"),
                        "sample 2", "--drop-zero-rows"),
                bad("npz without expected arrays", BadInputTest::npzWithOtherKeys,
                        "keys.npz", "[alpha, beta]"),
                bad("npy without targets file", BadInputTest::npyWithoutTargets,
                        "features.npy", "--targets-file"),
                bad("npz with 10 features and 9 labels", BadInputTest::npzCountMismatch,
                        "mismatch.npz", "10 samples", "9"),
                badOption("--xi", "0", "--xi", "got 0"),
                badOption("--xi", "1.5", "--xi", "got 1.5"),
                badOption("--xi", "NaN", "--xi", "got NaN"),
                badOption("--subnets", "0", "--subnets", "got 0"),
                badOption("--local-steps", "0", "--local-steps", "got 0"),
                badOption("--width", "0", "--width", "got 0"),
                badOption("--rounds", "0", "--rounds", "got 0"),
                badOption("--samples", "0", "--samples", "got 0"),
                badOption("--lr", "0", "--lr", "got 0"),
                badOption("--lr", "-1", "--lr", "got -1"),
                badOption("--lr", "NaN", "--lr", "got NaN"),
                badOption("--lr", "Infinity", "--lr", "got Infinity"),
                badOption("--lr", "inf", "--lr", "'inf' is not a number", "finite"),
                bad("categorical masks with more subnets than width",
                        (dir, args) -> args.set("--masks", "categorical")
                                .set("--subnets", "30").set("--width", "20"),
                        "--subnets 30", "--width 20"),
                badOption("--threads", "100000", "--threads", "got 100000"),
                badOption("--threads", "-1", "--threads", "got -1"),
                badOption("--test-fraction", "1", "--test-fraction", "got 1"),
                badOption("--checkpoint-every", "-1", "--checkpoint-every", "got -1"),
                badOption("--width", "100000000", "needs about", "heap", "MASKTRAIN_JAVA_OPTS"),
                badOption("--subnets", "1000000", "needs about", "lower --subnets"),
                badOption("--rounds", "2000000000", "needs about", "lower --rounds"),
                bad("--out as a symbolic link",
                        (dir, args) -> args.set("--out", Files.createSymbolicLink(
                                dir.resolve("link"), dir.resolve("elsewhere")).toString()),
                        "--out", "symbolic link"),
                badOption("--out", "", "--out is empty"),
                bad("--resume of a missing directory",
                        (dir, args) -> args.set("--resume", dir.resolve("absent").toString()),
                        "absent", "not found"),
                bad("unknown option", (dir, args) -> args.flag("--bogus"),
                        "'--bogus'", "masktrain train --help"),
                badOption("--width", "abc", "--width", "'abc'"),
                badOption("--preset", "nope", "--preset", "'nope'", "ist-categorical"),
                bad("config with unknown key",
                        (dir, args) -> config(dir, args, "{\"colour\": 3}"),
                        "--config", "'colour'"),
                bad("config file missing",
                        (dir, args) -> args.set("--config",
                                dir.resolve("absent.json").toString()),
                        "--config", "absent.json", "not found"),
                bad("config with help key",
                        (dir, args) -> config(dir, args, "{\"help\": true}"),
                        "--config", "unknown key 'help'"),
                bad("config with duplicate key",
                        (dir, args) -> config(dir, args, "{\"width\": 30, \"width\": 40}"),
                        "--config", "Duplicate field 'width'"),
                bad("config with invalid JSON",
                        (dir, args) -> config(dir, args, "{\"width\": 30,"),
                        "--config", "invalid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsOneLine(BadInput input, @TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        TrainArgs args = TrainArgs.small().out(out);
        input.setup().apply(dir, args);

        Cli.Result result = args.run();

        assertRejected(result, out, input.fragments());
    }

    @Test
    void unknownHelpTopicReadsWell() {
        Cli.Result result = Cli.run("help", "nosuch");

        assertEquals(BAD_INPUT, result.status(), result::describe);
        assertTrue(result.err().contains("'nosuch'; see"), result::describe);
    }

    @Test
    void duplicateToleranceHelpMatchesDefault() {
        assertEquals(org.masktrain.data.PreprocessOptions.DEFAULT_DUPLICATE_TOLERANCE,
                Double.parseDouble(DataOptions.DEFAULT_DUPLICATE_TOLERANCE_TEXT));
    }

    @Test
    void dropZeroRowsAcceptsZeroRow(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        TrainArgs args = TrainArgs.small().out(out).flag("--drop-zero-rows");
        csv(dir, args, "zero.csv", "0,0,0,1");

        Cli.Result result = args.run();

        assertSucceeded(result);
        assertTrue(result.out().contains("dropped 1 of 20 samples with all-zero features"),
                result::describe);
        assertTrue(Files.isRegularFile(out.resolve("metrics.csv")), result::describe);
    }

    @Test
    void outNonEmptyKeepsContent(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectory(dir.resolve("earlier"));
        Path earlier = DataFiles.writeLines(out.resolve("metrics.csv"), "round,loss", "0,1.5");
        byte[] before = Files.readAllBytes(earlier);

        Cli.Result result = TrainArgs.small().out(out).run();

        assertEquals(BAD_INPUT, result.status(), result::describe);
        assertEquals(1, result.errLines().size(), result::describe);
        assertTrue(result.err().startsWith("masktrain: "), result::describe);
        assertTrue(result.err().contains("--out " + out), result::describe);
        assertTrue(result.err().contains("not empty"), result::describe);
        try (Stream<Path> entries = Files.list(out)) {
            assertEquals(List.of(earlier), entries.toList());
        }
        assertArrayEquals(before, Files.readAllBytes(earlier), "metrics.csv changed");
    }

    @Test
    void debugPrintsStackTrace(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Cli.Result result = Cli.runInNewJvm(TrainArgs.small().out(out)
                .set("--data", dir.resolve("absent.csv").toString()).flag("--debug").toArray());

        assertEquals(BAD_INPUT, result.status(), result::describe);
        assertTrue(result.errLines().get(0).startsWith("masktrain: "), result::describe);
        assertTrue(result.err().contains("InvalidInputException"), result::describe);
        assertTrue(result.err().contains("\tat org.masktrain."), result::describe);
        assertTrue(Files.notExists(out), "run directory created");
    }

    @Test
    void debugPrintsParseStackTrace(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Cli.Result result = Cli.runInNewJvm(TrainArgs.small().out(out).set("--width", "abc")
                .flag("--debug").toArray());

        assertEquals(BAD_INPUT, result.status(), result::describe);
        assertTrue(result.errLines().get(0).startsWith("masktrain: "), result::describe);
        assertTrue(result.err().contains("ParameterException"), result::describe);
        assertTrue(result.err().contains("\tat picocli."), result::describe);
    }

    @Test
    void repeatedOptionKeepsOthers(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        List<String> args = new ArrayList<>(Arrays.asList(TrainArgs.small().out(out)
                .set("--rounds", "3").toArray()));
        args.addAll(List.of("--subnets", "3"));

        Cli.Result result = Cli.run(args.toArray(new String[0]));

        // Either picocli's "should be specified only once" error or a run with the last value
        // is acceptable. A run that drops --rounds 3 is not.
        if (result.status() == BAD_INPUT) {
            assertRejected(result, out, List.of("--subnets"));
        } else {
            assertSucceeded(result);
            assertEquals(3 + 2, Files.readAllLines(out.resolve("metrics.csv")).size(),
                    "metrics.csv should have a header and rounds 0..3");
        }
    }

    // ---- Bad data files ----

    /** Writes a CSV of 20 valid rows with {@code badRow} as line 3, and passes it as data. */
    private static void csv(Path dir, TrainArgs args, String name, String badRow)
            throws IOException {
        List<String> rows = new ArrayList<>(DataFiles.randomCsvRows(20, 3, 2, 5));
        rows.set(2, badRow);
        Path file = dir.resolve(name);
        Files.write(file, rows);
        args.set("--data", file.toString());
    }

    private static void config(Path dir, TrainArgs args, String json) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        args.set("--config", file.toString());
    }

    private static void truncatedGzip(Path dir, TrainArgs args) throws IOException {
        Path data = DataFiles.gzipIdxDirectory(dir.resolve("fashion"), 60);
        Path images = data.resolve(IMAGES_GZ);
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(whole, whole.length / 2));
        args.set("--data", data.toString());
    }

    private static void corruptGzip(Path dir, TrainArgs args) throws IOException {
        Path data = DataFiles.gzipIdxDirectory(dir.resolve("fashion"), 60);
        byte[] corrupt = new byte[400];
        new SplittableRandom(3).nextBytes(corrupt);
        corrupt[0] = 0x1f;
        corrupt[1] = (byte) 0x8b;
        Files.write(data.resolve(IMAGES_GZ), corrupt);
        args.set("--data", data.toString());
    }

    private static void wrongMagic(Path dir, TrainArgs args) throws IOException {
        Path data = Files.createDirectory(dir.resolve("fashion"));
        Files.write(data.resolve(IMAGES_PLAIN),
                DataFiles.idxImages(0x00000804, 60, 60, 6, 6, 11));
        Files.write(data.resolve(LABELS_PLAIN), DataFiles.idxLabels(60, 3));
        args.set("--data", data.toString());
    }

    private static void truncatedPlain(Path dir, TrainArgs args) throws IOException {
        Path data = Files.createDirectory(dir.resolve("fashion"));
        Files.write(data.resolve(IMAGES_PLAIN),
                DataFiles.idxImages(IDX_IMAGES_MAGIC, 60, 10, 6, 6, 11));
        Files.write(data.resolve(LABELS_PLAIN), DataFiles.idxLabels(60, 3));
        args.set("--data", data.toString());
    }

    private static void npzWithOtherKeys(Path dir, TrainArgs args) throws IOException {
        Path file = DataFiles.npz(dir.resolve("keys.npz"),
                "alpha", DataFiles.randomMatrix(10, 3, 1),
                "beta", DataFiles.labelColumn(10, 2));
        args.set("--data", file.toString());
    }

    private static void npyWithoutTargets(Path dir, TrainArgs args) throws IOException {
        Path file = DataFiles.npy(dir.resolve("features.npy"), DataFiles.randomMatrix(10, 3, 1));
        args.set("--data", file.toString());
    }

    private static void npzCountMismatch(Path dir, TrainArgs args) throws IOException {
        Path file = DataFiles.npz(dir.resolve("mismatch.npz"),
                "features", DataFiles.randomMatrix(10, 3, 1),
                "labels", DataFiles.labelColumn(9, 2));
        args.set("--data", file.toString());
    }
}
