package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.cli.CliAssertions.BAD_INPUT;
import static org.masktrain.cli.CliAssertions.assertRejected;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.io.NpzWriter;
import org.masktrain.linalg.Matrix;
import org.masktrain.run.RunDirectory;

/**
 * {@code masktrain reproduce} at tiny sizes: the files it leaves, resumption after a killed
 * run, independence of the job count, and rejected input.
 */
class ReproduceCommandTest {

    /** Options that shrink every figure to a few seconds in total. */
    static final List<String> TINY = List.of("--samples", "40", "--reps", "2", "--rounds", "4",
            "--width", "16", "--widths", "8,16", "--xi-grid", "0.5,1", "--subnets-grid", "1,2",
            "--quiet");

    /**
     * Runs {@code reproduce} with {@link #TINY}; {@code extra} contains option and value pairs that
     * replace a tiny value or are added.
     */
    static Cli.Result reproduce(String figure, Path out, String... extra) {
        List<String> options = new ArrayList<>(TINY);
        for (int i = 0; i < extra.length; i += 2) {
            int at = options.indexOf(extra[i]);
            if (at >= 0) {
                options.set(at + 1, extra[i + 1]);
            } else {
                options.add(extra[i]);
                options.add(extra[i + 1]);
            }
        }
        List<String> args = new ArrayList<>(List.of("reproduce", figure, "--out",
                out.toString()));
        args.addAll(options);
        return Cli.run(args.toArray(new String[0]));
    }

    @Test
    void allLeavesFiguresTablesAndReport(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("repro");
        Cli.Result result = reproduce("all", out);

        assertSucceeded(result);
        for (String figure : List.of("fig2a", "fig2b", "fig2c", "fig2d")) {
            Path folder = out.resolve(figure);
            BufferedImage png = ImageIO.read(folder.resolve(figure + ".png").toFile());
            assertEquals(900, png.getWidth(), figure);
            assertEquals(560, png.getHeight(), figure);
            String svg = Files.readString(folder.resolve(figure + ".svg"));
            assertTrue(svg.contains("<svg"), figure);
            assertTrue(Files.isRegularFile(folder.resolve("sweep.json")), figure);
            assertTrue(Files.isRegularFile(folder.resolve("results.csv")), figure);
            assertTrue(Files.isRegularFile(folder.resolve("summary.csv")), figure);
            assertTrue(Files.isRegularFile(folder.resolve("report.html")), figure);
            assertFalse(Files.readString(folder.resolve("results.csv")).contains("missing"),
                    figure);
        }
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertTrue(result.out().contains("total time"), result::describe);
    }

    @Test
    void everyRunIsAnOrdinaryRunDirectory(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("repro");
        assertSucceeded(reproduce("fig2b", out));

        Path run = out.resolve("fig2b/cells/xi0.50-p02/rep01");
        for (String file : List.of("config.json", "metrics.csv", "local.csv", "trace.npz",
                "summary.json")) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file);
        }
        // The cell's config.json repeats the run with 'masktrain train --config'.
        Path replay = dir.resolve("replay");
        assertSucceeded(Cli.run("train", "--config", run.resolve("config.json").toString(),
                "--out", replay.toString(), "--quiet"));
        List<String> original = new RunOutput(run).losses();
        List<String> repeated = new RunOutput(replay).losses();
        assertEquals(original, repeated.subList(0, original.size()));
    }

    @Test
    void heatmapCellsLinkToRunDirectories(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("repro");
        assertSucceeded(reproduce("fig2b", out));

        String page = Files.readString(out.resolve("fig2b/report.html"));
        Matcher areas = Pattern.compile("<area shape=\"rect\" coords=\"[0-9,]+\" "
                + "href=\"([^\"]+)\"").matcher(page);
        List<String> links = new ArrayList<>();
        while (areas.find()) {
            links.add(areas.group(1));
        }
        // Grid xi {0.5, 1} x p {1, 2} without p = 2 at xi = 1.
        assertEquals(List.of("cells/xi0.50-p01/rep00/", "cells/xi0.50-p02/rep00/",
                "cells/xi1.00-p01/rep00/"), links.stream().sorted().toList());
        for (String link : links) {
            assertTrue(RunDirectory.isFinished(out.resolve("fig2b").resolve(link)), link);
        }
    }

    @Test
    void resultsDoNotDependOnJobs(@TempDir Path dir) throws IOException {
        assertSucceeded(reproduce("fig2c", dir.resolve("one"), "--jobs", "1"));
        assertSucceeded(reproduce("fig2c", dir.resolve("three"), "--jobs", "3"));

        assertEquals(Files.readAllLines(dir.resolve("one/fig2c/results.csv")),
                Files.readAllLines(dir.resolve("three/fig2c/results.csv")));
    }

    @Test
    void killedRunIsRedoneAndOthersKept(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("repro");
        assertSucceeded(reproduce("fig2d", out));
        List<String> before = Files.readAllLines(out.resolve("fig2d/results.csv"));
        // A killed run: no summary.json, a half-written metrics.csv and a stray file.
        Path killed = out.resolve("fig2d/cells/p02/rep01");
        Files.delete(killed.resolve("summary.json"));
        Files.writeString(killed.resolve("metrics.csv"), "round,loss\n0,1.0\n1,");
        Files.writeString(killed.resolve("stray.tmp"), "partial");

        Cli.Result resumed = Cli.run(Stream.concat(Stream.of("reproduce", "fig2d", "--out",
                out.toString()), TINY.stream().filter(arg -> !arg.equals("--quiet")))
                .toArray(String[]::new));

        assertSucceeded(resumed);
        assertTrue(resumed.out().contains("(1 run now, 3 kept)"), resumed::describe);
        assertTrue(resumed.err().contains("cells/p02/rep01"), resumed::describe);
        assertFalse(Files.exists(killed.resolve("stray.tmp")));
        assertEquals(before, Files.readAllLines(out.resolve("fig2d/results.csv")));
    }

    @Test
    void otherSettingsInSameFolderRejected(@TempDir Path dir) {
        Path out = dir.resolve("repro");
        assertSucceeded(reproduce("fig2d", out));

        Cli.Result result = reproduce("fig2d", out, "--seed", "5");

        assertEquals(BAD_INPUT, result.status(), result::describe);
        assertEquals(1, result.errLines().size(), result::describe);
        assertTrue(result.err().contains("contains a sweep with other settings"),
                result::describe);
    }

    @Test
    void npzFeaturesAndLabelsAccepted(@TempDir Path dir) throws IOException {
        // The layout of the published ResNet-50 feature archives: 'features' (n x d) and
        // 'labels' (n x 10 logits).
        int n = 30;
        int d = 12;
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        double[] features = random.doubles(n * d, -1, 1).toArray();
        double[] labels = random.doubles(n * 10, -5, 5).toArray();
        Path archive = dir.resolve("features.npz");
        NpzWriter.write(archive, npz -> {
            npz.putMatrix("features", new Matrix(n, d, features));
            npz.putMatrix("labels", new Matrix(n, 10, labels));
        });
        Path out = dir.resolve("repro");

        Cli.Result result = reproduce("fig2d", out, "--data", archive.toString(),
                "--targets", "raw");

        assertSucceeded(result);
        assertTrue(result.out().contains("n = 30, d = 12, c = 10"), result::describe);
        assertTrue(Files.isRegularFile(out.resolve("fig2d/fig2d.png")));
    }

    @Test
    void badInputRejectedOnOneLine(@TempDir Path dir) {
        Path out = dir.resolve("repro");
        assertRejected(reproduce("fig9", out), out, List.of("unknown figure 'fig9'", "fig2a"));
        assertRejected(reproduce("fig2a", out, "--reps", "0"), out, List.of("--reps 0"));
        assertRejected(reproduce("fig2b", out, "--xi-grid", "1.5"), out,
                List.of("--xi-grid 1.5"));
        assertRejected(reproduce("fig2b", out, "--window", "0"), out, List.of("--window 0"));
        assertRejected(reproduce("fig2c", out, "--floor", "-1"), out, List.of("--floor -1"));
        assertRejected(reproduce("fig2c", out, "--jobs", "-1"), out, List.of("--jobs -1"));
        assertRejected(reproduce("fig2d", out, "--data", dir.resolve("none.npz").toString()),
                out, List.of("none.npz"));
        assertRejected(reproduce("fig2b", out, "--subnets-grid", "2,2"), out,
                List.of("folder name 'xi0.50-p02'"));
        assertRejected(reproduce("fig2b", out, "--xi-grid", "0.5,0.501"), out,
                List.of("folder name 'xi0.50-p01'"));
    }

    @Test
    void sweepPageOfSingleRunsReadsPlainly(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("repro");

        assertSucceeded(reproduce("fig2a", out, "--reps", "1"));

        String page = Files.readString(out.resolve("fig2a/report.html"));
        String grid = page.substring(page.indexOf("Grid points"), page.indexOf("Settings"));
        assertFalse(grid.contains("&plusmn;"), grid);
        String settings = page.substring(page.indexOf("Settings"));
        assertTrue(settings.contains("--xi-grid"), settings);
        assertTrue(settings.contains("<td>fig2a</td>"), settings);
        assertFalse(settings.contains("keepProbabilities"), settings);
        assertFalse(settings.contains("FIG2A"), settings);
        assertFalse(settings.contains("rule"), settings);
    }

    @Test
    void linkedOutRejected(@TempDir Path dir) throws IOException {
        Path target = Files.createDirectory(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        Cli.Result result = reproduce("fig2d", link);

        assertEquals(BAD_INPUT, result.status(), result::describe);
        assertEquals(1, result.errLines().size(), result::describe);
        assertTrue(result.err().contains("symbolic link"), result::describe);
        try (Stream<Path> written = Files.list(target)) {
            assertEquals(0, written.count(), "nothing is written through the link");
        }
    }
}
