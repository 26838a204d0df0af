package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.cli.CliAssertions.BAD_INPUT;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code masktrain plot} and {@code masktrain report} on run directories. */
class PlotAndReportCommandTest {

    private static Path trainedRun(Path dir) {
        Path run = dir.resolve("run");
        assertSucceeded(TrainArgs.small().set("--rounds", "3").set("--diagnostics-every", "1")
                .out(run).run());
        return run;
    }

    @Test
    void plotWritesLossAndDiagnostics(@TempDir Path dir) throws IOException {
        Path run = trainedRun(dir);

        Cli.Result result = Cli.run("plot", run.toString());

        assertSucceeded(result);
        for (String name : List.of("loss", "diagnostics")) {
            BufferedImage png = ImageIO.read(run.resolve("plots/" + name + ".png").toFile());
            assertEquals(900, png.getWidth(), name);
            assertEquals(560, png.getHeight(), name);
            assertTrue(Files.readString(run.resolve("plots/" + name + ".svg"))
                    .contains("<svg"), name);
        }
    }

    @Test
    void plotHonoursOutAndSize(@TempDir Path dir) throws IOException {
        Path run = trainedRun(dir);
        Path out = dir.resolve("figures");

        assertSucceeded(Cli.run("plot", run.toString(), "--out", out.toString(), "--size",
                "400x300"));

        BufferedImage png = ImageIO.read(out.resolve("loss.png").toFile());
        assertEquals(400, png.getWidth());
        assertEquals(300, png.getHeight());
    }

    @Test
    void plotRejectsMissingOrBrokenRun(@TempDir Path dir) throws IOException {
        Cli.Result missing = Cli.run("plot", dir.resolve("none").toString());
        assertEquals(BAD_INPUT, missing.status(), missing::describe);
        assertTrue(missing.err().contains("directory not found"), missing::describe);

        Path run = trainedRun(dir);
        Files.writeString(run.resolve("metrics.csv"), "round,loss\n0,abc\n");
        Cli.Result broken = Cli.run("plot", run.toString());
        assertEquals(BAD_INPUT, broken.status(), broken::describe);
        assertTrue(broken.err().contains("invalid number 'abc'"), broken::describe);
        assertTrue(broken.err().contains("nothing to plot"), broken::describe);
        assertFalse(broken.err().contains("Exception"), broken::describe);
    }

    @Test
    void reportNamesPagesInsideOut(@TempDir Path dir) throws IOException {
        Path run = trainedRun(dir);
        Path odd = dir.resolve("..odd <name>");
        Files.move(run, odd);
        Path out = dir.resolve("pages");

        assertSucceeded(Cli.run("report", odd.toString(), "--out", out.toString()));

        try (Stream<Path> pages = Files.list(out)) {
            assertEquals(List.of("odd__name_.html"),
                    pages.map(page -> page.getFileName().toString()).toList());
        }
        String html = Files.readString(out.resolve("odd__name_.html"));
        assertTrue(html.contains("&lt;name&gt;"), html);
        assertFalse(html.contains("<name>"), html);
    }

    @Test
    void reportKeepsPagesOfSameNamedRuns(@TempDir Path dir) throws IOException {
        Path run = trainedRun(dir);
        Path first = Files.createDirectories(dir.resolve("a")).resolve("rep00");
        Path second = Files.createDirectories(dir.resolve("b")).resolve("rep00");
        Files.move(run, first);
        assertSucceeded(TrainArgs.small().out(second).run());
        Path out = dir.resolve("pages");

        assertSucceeded(Cli.run("report", first.toString(), second.toString(), "--out",
                out.toString()));

        assertTrue(Files.isRegularFile(out.resolve("rep00.html")));
        assertTrue(Files.isRegularFile(out.resolve("rep00-2.html")));
    }

    @Test
    void reportRejectsNonRunFolder(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        Cli.Result result = Cli.run("report", empty.toString());

        assertEquals(BAD_INPUT, result.status(), result::describe);
        assertEquals(1, result.errLines().size(), result::describe);
        assertTrue(result.err().contains("is not a run directory"), result::describe);
        assertFalse(Files.exists(empty.resolve("report.html")));
    }

    @Test
    void plotAndReportRejectFolderWithoutConfig(@TempDir Path dir) throws IOException {
        Path garbage = Files.createDirectories(dir.resolve("garbage"));
        Files.writeString(garbage.resolve("metrics.csv"), "not a table\n");

        Cli.Result plot = Cli.run("plot", garbage.toString());
        Cli.Result report = Cli.run("report", garbage.toString());

        for (Cli.Result result : List.of(plot, report)) {
            assertEquals(BAD_INPUT, result.status(), result::describe);
            assertEquals(1, result.errLines().size(), result::describe);
            assertTrue(result.err().contains("no config.json"), result::describe);
        }
        assertFalse(Files.exists(garbage.resolve("report.html")));
        assertFalse(Files.exists(garbage.resolve("plots")));
    }

    @Test
    void reportOfDamagedRunShowsMissingParts(@TempDir Path dir) throws IOException {
        Path run = trainedRun(dir);
        Files.writeString(run.resolve("metrics.csv"), "round,loss\n0,abc\n");

        Cli.Result result = Cli.run("report", run.toString());

        assertSucceeded(result);
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("not available"), html);
    }

    @Test
    void failedReportLeavesNoOutFolder(@TempDir Path dir) throws IOException {
        Path run = trainedRun(dir);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path out = dir.resolve("pages/new");

        Cli.Result result = Cli.run("report", run.toString(), empty.toString(), "--out",
                out.toString());

        assertEquals(BAD_INPUT, result.status(), result::describe);
        assertFalse(Files.exists(out), "--out folder left behind");
        assertFalse(Files.exists(out.getParent()), "parent of --out left behind");
    }
}
