package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML reports in headless Chromium (Debian's {@code chromium} package): the page
 * loads without console messages or failed resources, every plot decodes with a non-zero
 * natural size, and a screenshot of the whole page shows each plot.
 *
 * <p>Two checks find errors. A copy of the page gets a small collector script in its head: it
 * records error events (script errors and failed image loads, caught in the capture phase) and
 * calls of {@code console.error}, and after the load event writes them with each plot's
 * natural size and position into a {@code pre} element, which {@code --dump-dom} prints. The
 * original page, which has no scripts, is loaded with {@code --enable-logging=stderr}, and
 * Chromium's log must contain no console line. Skipped when /usr/bin/chromium is missing.
 */
class ReportInChromiumTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int WINDOW_WIDTH = 1280;

    private static final String COLLECTOR = "<script>\n"
            + "window.checkProblems = [];\n"
            + "window.addEventListener('error', function (e) {\n"
            + "  var target = e.target && e.target.tagName ? e.target.tagName + ' '"
            + " + (e.target.id || '') : '';\n"
            + "  window.checkProblems.push('error ' + (e.message || target));\n"
            + "}, true);\n"
            + "var originalError = console.error;\n"
            + "console.error = function () {\n"
            + "  window.checkProblems.push('console.error ' + Array.prototype.join.call("
            + "arguments, ' '));\n"
            + "  originalError.apply(console, arguments);\n"
            + "};\n"
            + "window.addEventListener('load', function () {\n"
            + "  var lines = ['PROBLEMS ' + window.checkProblems.length + ' '"
            + " + window.checkProblems.join(' | '),"
            + " 'HEIGHT ' + document.documentElement.scrollHeight];\n"
            + "  document.querySelectorAll('img.plot').forEach(function (img) {\n"
            + "    var box = img.getBoundingClientRect();\n"
            + "    lines.push('PLOT ' + img.id + ' ' + img.naturalWidth + ' ' + img.naturalHeight"
            + " + ' ' + Math.round(box.left + window.scrollX) + ' '"
            + " + Math.round(box.top + window.scrollY) + ' ' + Math.round(box.width) + ' '"
            + " + Math.round(box.height));\n"
            + "  });\n"
            + "  var out = document.createElement('pre');\n"
            + "  out.id = 'check-result';\n"
            + "  out.textContent = lines.join('\\n');\n"
            + "  document.body.appendChild(out);\n"
            + "});\n"
            + "</script>\n";

    @BeforeAll
    static void requireChromium() {
        ExternalTools.require(Files.isExecutable(CHROMIUM), "Debian's chromium is not "
                + "installed at " + CHROMIUM + " (apt-get install chromium); the browser check "
                + "of the HTML reports is skipped");
    }

    /** A plot as the page laid it out, in CSS pixels of the screenshot. */
    record Plot(String id, int naturalWidth, int naturalHeight, int left, int top, int width,
            int height) {
    }

    @Test
    void reproducedFiguresRenderInChromium(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("repro");
        assertSucceeded(ReproduceCommandTest.reproduce("all", out));

        checkPage(dir, out.resolve("report.html"),
                List.of("plot-fig2a", "plot-fig2b", "plot-fig2c", "plot-fig2d"));
        checkPage(dir, out.resolve("fig2b/report.html"), List.of("plot-fig2b"));
    }

    @Test
    void runReportRendersInChromium(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertSucceeded(TrainArgs.small().set("--rounds", "3").set("--diagnostics-every", "1")
                .out(run).run());
        assertSucceeded(Cli.run("report", run.toString()));

        checkPage(dir, run.resolve("report.html"), List.of("plot-loss", "plot-diagnostics"));
    }

    private static void checkPage(Path dir, Path page, List<String> expectedPlots)
            throws Exception {
        // Collector copy: errors and plot sizes, printed with the DOM.
        String html = Files.readString(page);
        Path copy = page.resolveSibling("check-" + page.getFileName());
        Files.writeString(copy, html.replace("<head>", "<head>\n" + COLLECTOR));
        String dom = chromium(dir, "--dump-dom", "--virtual-time-budget=10000",
                copy.toUri().toString()).stdout;
        Matcher result = Pattern.compile("<pre id=\"check-result\">(.*?)</pre>", Pattern.DOTALL)
                .matcher(dom);
        assertTrue(result.find(), () -> "no check result in the DOM of " + copy);
        List<String> lines = result.group(1).lines().toList();
        assertEquals("PROBLEMS 0 ", lines.get(0), "errors while loading " + page);
        int height = Integer.parseInt(lines.get(1).substring("HEIGHT ".length()));
        List<Plot> plots = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] fields = line.split(" ");
            plots.add(new Plot(fields[1], Integer.parseInt(fields[2]),
                    Integer.parseInt(fields[3]), Integer.parseInt(fields[4]),
                    Integer.parseInt(fields[5]), Integer.parseInt(fields[6]),
                    Integer.parseInt(fields[7])));
        }
        assertEquals(expectedPlots, plots.stream().map(Plot::id).toList(), page.toString());
        for (Plot plot : plots) {
            assertTrue(plot.naturalWidth() > 0, () -> plot + " did not decode");
            assertTrue(plot.naturalHeight() > 0, () -> plot + " did not decode");
            assertTrue(plot.width() > 100, () -> plot + " is not shown");
            assertTrue(plot.height() > 100, () -> plot + " is not shown");
        }

        // The page itself: no console message in Chromium's log.
        Run logged = chromium(dir, "--enable-logging=stderr", "--v=0", "--dump-dom",
                page.toUri().toString());
        List<String> console = logged.stderr.lines().filter(line -> line.contains("CONSOLE"))
                .toList();
        assertEquals(List.of(), console, "console messages of " + page);

        // A screenshot of the whole page: not blank, and every plot drawn where it is laid out.
        Path shot = dir.resolve("shot-" + page.getParent().getFileName() + ".png");
        chromium(dir, "--screenshot=" + shot, "--hide-scrollbars",
                "--force-device-scale-factor=1", "--window-size=" + WINDOW_WIDTH + ","
                        + Math.min(height, 16000), page.toUri().toString());
        BufferedImage image = ImageIO.read(shot.toFile());
        assertTrue(inkShare(image, 0, 0, image.getWidth(), image.getHeight()) > 0.02,
                "screenshot is blank: " + shot);
        assertTrue(colourCount(image) > 50, "screenshot has almost no colours: " + shot);
        for (Plot plot : plots) {
            assertTrue(plot.top() + plot.height() <= image.getHeight(),
                    () -> plot + " lies below the screenshot of height " + image.getHeight());
            double ink = inkShare(image, plot.left(), plot.top(), plot.width(), plot.height());
            assertTrue(ink > 0.03, () -> plot + " is blank in the screenshot (" + ink + ")");
        }
    }

    private record Run(String stdout, String stderr) {
    }

    /** Runs headless Chromium with a fresh profile and returns its output. */
    private static Run chromium(Path dir, String... args)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path stdout = dir.resolve("chromium.out");
        Path stderr = dir.resolve("chromium.err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 90 s: " + command);
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> "chromium failed: " + command + "\n" + err);
        return new Run(Files.readString(stdout, StandardCharsets.UTF_8), err);
    }

    /** Returns the share of pixels in the rectangle that are not near-white. */
    private static double inkShare(BufferedImage image, int left, int top, int width,
            int height) {
        int inked = 0;
        int total = 0;
        int right = Math.min(image.getWidth(), left + width);
        int bottom = Math.min(image.getHeight(), top + height);
        for (int y = Math.max(0, top); y < bottom; y++) {
            for (int x = Math.max(0, left); x < right; x++) {
                int rgb = image.getRGB(x, y);
                int red = rgb >> 16 & 0xff;
                int green = rgb >> 8 & 0xff;
                int blue = rgb & 0xff;
                if (red < 235 || green < 235 || blue < 235) {
                    inked++;
                }
                total++;
            }
        }
        return total == 0 ? 0 : (double) inked / total;
    }

    private static int colourCount(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
