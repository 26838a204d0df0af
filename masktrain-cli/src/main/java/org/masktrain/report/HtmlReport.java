package org.masktrain.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.entity.StandardEntityCollection;
import org.jfree.chart.entity.XYItemEntity;
import org.masktrain.InvalidInputException;
import org.masktrain.experiments.FigureData;
import org.masktrain.experiments.FigureOutput;
import org.masktrain.experiments.SweepData;
import org.masktrain.io.AtomicFiles;
import org.masktrain.plot.ChartFiles;
import org.masktrain.plot.RunCharts;

/**
 * Writes self-contained HTML pages: plots embedded as data URLs, inline CSS, no scripts and no
 * external URLs, so a page reads offline. Every string taken from a run or sweep folder is
 * escaped, and a file that cannot be read shows as "not available" with the reason.
 */
public final class HtmlReport {

    /** Name of the page written into a run or sweep folder. */
    public static final String PAGE_NAME = "report.html";

    private static final String STYLE = "body{font-family:sans-serif;margin:2em;max-width:1000px;"
            + "color:#222}table{border-collapse:collapse;margin:0.5em 0 1.5em}"
            + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}"
            + "th{background:#f2f2f2}img.plot{display:block;max-width:100%;height:auto;"
            + "margin:0.5em 0 1em}.missing{color:#a00}code{font-size:13px}";

    /** Names shown for the fields of a sweep's settings: the option that sets each. */
    private static final Map<String, String> SETTING_NAMES = Map.ofEntries(
            Map.entry("samples", "--samples"),
            Map.entry("widths", "--widths (width m)"),
            Map.entry("repetitions", "--reps (runs per grid point)"),
            Map.entry("firstPairRepetitions", "runs of the first (xi, lr) pair"),
            Map.entry("rounds", "--rounds (K)"),
            Map.entry("keepProbabilities", "--xi-grid (keep probabilities xi)"),
            Map.entry("learningRatesStd", "learning rate per xi (standard parametrization)"),
            Map.entry("subnetworks", "--subnets-grid (sub-networks p)"),
            Map.entry("localSteps", "local steps per round (tau)"),
            Map.entry("kappa", "--kappa (initial weight scale)"),
            Map.entry("seed", "--seed"));

    private HtmlReport() {
    }

    /**
     * Writes the page for {@code directory}: a sweep folder (with sweep.json), a run directory,
     * or a folder whose sub-folders are sweeps.
     *
     * @throws InvalidInputException when {@code directory} matches none of these
     */
    public static void write(Path directory, Path page) throws IOException {
        requireReportable(directory);
        if (RunDirectoryReader.isSweep(directory)) {
            writeSweep(directory, page);
            return;
        }
        List<Path> sweeps = sweepsIn(directory);
        if (!sweeps.isEmpty()) {
            writeCollection(sweeps, page);
            return;
        }
        writeRun(directory, page);
    }

    /**
     * Checks, before anything is written, that {@code directory} is a sweep folder, a folder
     * of sweeps or a run directory (with config.json).
     *
     * @throws InvalidInputException when it matches none of these
     */
    public static void requireReportable(Path directory) throws IOException {
        RunDirectoryReader.requireDirectory(directory);
        if (RunDirectoryReader.isSweep(directory) || !sweepsIn(directory).isEmpty()) {
            return;
        }
        if (!Files.exists(directory.resolve(org.masktrain.run.RunFiles.CONFIG))) {
            throw new InvalidInputException(directory + " is not a run directory (no "
                    + org.masktrain.run.RunFiles.CONFIG + ") or a sweep folder (no "
                    + RunDirectoryReader.SWEEP_FILE + "), and no sub-folder is a sweep");
        }
    }

    /** Returns the sub-folders of {@code directory} that are sweep folders, sorted. */
    private static List<Path> sweepsIn(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                    .filter(RunDirectoryReader::isSweep).sorted().toList();
        }
    }

    /** Writes the page of a single run directory. */
    public static void writeRun(Path directory, Path page) throws IOException {
        RunDirectoryReader.requireRunDirectory(directory);
        RunDirectoryReader.RunData run = RunDirectoryReader.read(directory);
        StringBuilder html = open("Run " + directory.getFileName());
        html.append("<h1>Run <code>").append(Html.escape(String.valueOf(directory.getFileName())))
                .append("</code></h1>\n<p>Status: <b>").append(Html.escape(run.status()))
                .append("</b></p>\n");
        problems(html, run.problems());
        html.append("<h2>Loss</h2>\n");
        JFreeChart loss = RunCharts.loss(run);
        if (loss == null) {
            missing(html, "loss plot: metrics.csv is not available");
        } else {
            html.append(Html.svgImage(ChartFiles.svg(loss, 800, 450), "loss per round",
                    "plot-loss")).append('\n');
        }
        JFreeChart diagnostics = RunCharts.diagnostics(run);
        if (diagnostics != null) {
            html.append("<h2>NTK diagnostics</h2>\n").append(Html.svgImage(
                    ChartFiles.svg(diagnostics, 800, 500), "NTK diagnostics per round",
                    "plot-diagnostics")).append('\n');
        }
        theory(html, run.summary());
        html.append("<h2>Summary</h2>\n");
        if (run.summary() == null) {
            missing(html, "summary.json is not available");
        } else {
            table(html, run.summary());
        }
        html.append("<h2>Configuration</h2>\n");
        if (run.config() == null) {
            missing(html, "config.json is not available");
        } else {
            table(html, run.config());
        }
        writePage(page, close(html));
    }

    /** Writes the page of a sweep folder. */
    public static void writeSweep(Path directory, Path page) throws IOException {
        StringBuilder html = open("Sweep " + directory.getFileName());
        sweepSection(html, directory, page.toAbsolutePath().getParent(), true);
        writePage(page, close(html));
    }

    /** Writes one page showing the figures of several sweep folders. */
    public static void writeCollection(List<Path> sweeps, Path page)
            throws IOException {
        StringBuilder html = open("Reproduced figures");
        html.append("<h1>Reproduced figures</h1>\n");
        Path pageFolder = page.toAbsolutePath().getParent();
        for (Path sweep : sweeps) {
            sweepSection(html, sweep, pageFolder, false);
        }
        writePage(page, close(html));
    }

    private static void sweepSection(StringBuilder html, Path directory, Path pageFolder,
            boolean details) {
        SweepData sweep;
        try {
            sweep = SweepData.read(directory);
        } catch (InvalidInputException e) {
            html.append("<h2>").append(Html.escape(String.valueOf(directory.getFileName())))
                    .append("</h2>\n");
            missing(html, "not available: " + e.getMessage());
            return;
        }
        String figure = sweep.figure().label();
        html.append(details ? "<h1>" : "<h2>").append("Figure 2")
                .append(Html.escape(figure.substring(4))).append(" reproduced: ")
                .append(Html.escape(sweep.figure().title())).append(details ? "</h1>" : "</h2>")
                .append('\n');
        String prefix = relativePrefix(pageFolder, directory);
        if (!details) {
            html.append("<p><a href=\"").append(Html.escape(prefix + PAGE_NAME))
                    .append("\">details of this sweep</a></p>\n");
        }
        FigureData.Summary summary = FigureData.summarize(sweep);
        FigureOutput.FigureChart chart = FigureOutput.chart(summary);
        if (chart.itemGroups().isEmpty()) {
            html.append(Html.svgImage(ChartFiles.svg(chart.chart(), FigureOutput.WIDTH,
                    FigureOutput.HEIGHT), "figure " + figure, "plot-" + figure)).append('\n');
        } else {
            heatmap(html, chart, prefix, "map-" + figure, figure);
        }
        if (summary.unavailableRuns() > 0) {
            missing(html, summary.unavailableRuns() + " of " + sweep.cells().size()
                    + " runs are not available (not finished or unreadable)");
        }
        if (!details) {
            return;
        }
        html.append("<h2>Grid points</h2>\n");
        groups(html, summary, prefix);
        html.append("<h2>Settings</h2>\n");
        settingsTable(html, sweep);
        html.append("<h2>Data</h2>\n");
        table(html, sweep.definition().path("data"));
    }

    private static void heatmap(StringBuilder html, FigureOutput.FigureChart chart,
            String prefix, String mapName, String figure) {
        ChartRenderingInfo info = new ChartRenderingInfo(new StandardEntityCollection());
        byte[] png = ChartFiles.png(chart.chart(), FigureOutput.WIDTH, FigureOutput.HEIGHT,
                info);
        html.append(Html.pngImage(png, "figure " + figure + " (click a cell for its first run)",
                "plot-" + figure, mapName)).append('\n');
        html.append("<map name=\"").append(Html.escape(mapName)).append("\">\n");
        for (Object object : info.getEntityCollection().getEntities()) {
            ChartEntity entity = (ChartEntity) object;
            if (!(entity instanceof XYItemEntity item) || item.getSeriesIndex() != 0
                    || item.getItem() >= chart.itemGroups().size()) {
                continue;
            }
            FigureData.Group group = chart.itemGroups().get(item.getItem());
            Rectangle2D box = entity.getArea().getBounds2D();
            html.append(String.format(Locale.ROOT, "<area shape=\"rect\" coords=\"%d,%d,%d,%d\"",
                    (int) box.getMinX(), (int) box.getMinY(), (int) box.getMaxX(),
                    (int) box.getMaxY()));
            // The first repetition's run directory, or the grid point's folder without runs.
            String target = group.runs().isEmpty() ? "cells/" + group.name()
                    : group.runs().get(0).entry().relativePath();
            html.append(" href=\"").append(Html.escape(prefix + Html.relativeUrl(target) + "/"))
                    .append("\" title=\"")
                    .append(Html.escape(group.name() + ": " + format(group.mean()[0])))
                    .append("\" alt=\"").append(Html.escape(group.name())).append("\">\n");
        }
        html.append("</map>\n<p>Each cell links to the run directory of its first repetition; "
                + "the table below links every run.</p>\n");
    }

    private static void groups(StringBuilder html, FigureData.Summary summary, String prefix) {
        List<String> values = FigureOutput.valueNames(summary.sweep().figure());
        html.append("<table><tr><th>grid point</th><th>parameters</th>");
        boolean repeated = summary.groups().stream().anyMatch(group -> group.runs().size() > 1);
        for (String value : values) {
            html.append("<th>").append(Html.escape(value))
                    .append(repeated ? " (mean &plusmn; sd)</th>" : "</th>");
        }
        html.append("<th>runs</th></tr>\n");
        for (FigureData.Group group : summary.groups()) {
            String folder = prefix + Html.relativeUrl("cells/" + group.name()) + "/";
            html.append("<tr><td><a href=\"").append(Html.escape(folder)).append("\">")
                    .append(Html.escape(group.name())).append("</a></td><td>");
            StringBuilder parameters = new StringBuilder();
            for (Map.Entry<String, Double> parameter : group.parameters().entrySet()) {
                parameters.append(parameters.length() == 0 ? "" : ", ")
                        .append(parameter.getKey()).append(" = ")
                        .append(format(parameter.getValue()));
            }
            html.append(Html.escape(parameters.toString())).append("</td>");
            for (int j = 0; j < group.mean().length; j++) {
                html.append("<td>").append(Html.escape(format(group.mean()[j])));
                // One run has no spread, so its cell shows the value alone.
                if (group.counted()[j] > 1) {
                    html.append(" &plusmn; ").append(Html.escape(format(group.spread()[j])));
                }
                html.append("</td>");
            }
            html.append("<td>");
            for (FigureData.RunResult run : group.runs()) {
                html.append("<a href=\"").append(Html.escape(prefix
                        + Html.relativeUrl(run.entry().relativePath()) + "/")).append("\">")
                        .append(Html.escape("rep" + run.entry().repetition())).append("</a> ")
                        .append(Html.escape(run.status()));
                if (run.problem() != null) {
                    html.append(" <span class=\"missing\">(")
                            .append(Html.escape(run.problem())).append(")</span>");
                }
                html.append("<br>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    /**
     * Writes the sweep's settings with the names of the {@code reproduce} options that set
     * them. A rule of null (Figures 2a and 2d stop after a fixed number of rounds) is left out.
     */
    private static void settingsTable(StringBuilder html, SweepData sweep) {
        html.append("<table>\n");
        JsonNode settings = sweep.definition().path("settings");
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("figure")) {
                rows(html, new com.fasterxml.jackson.databind.node.TextNode(
                        sweep.figure().label()), "figure", 0);
            } else if (name.equals("rule")) {
                if (value.isObject()) {
                    for (String part : List.of("window", "patience", "floor")) {
                        rows(html, value.path(part), "--" + part + " (convergence rule)", 0);
                    }
                }
            } else {
                rows(html, value, SETTING_NAMES.getOrDefault(name, name), 0);
            }
        }
        html.append("</table>\n");
    }

    private static void theory(StringBuilder html, JsonNode summary) {
        if (summary == null || !summary.path("theory").isObject()) {
            return;
        }
        JsonNode theory = summary.path("theory");
        html.append("<h2>Theory against measurement</h2>\n<table><tr><th>quantity</th>"
                + "<th>theory</th><th>measured</th></tr>\n");
        row3(html, "per-round contraction L_{k+1} / L_k (" + theory.path("rate_formula").asText()
                + ")", summary.path("rate_theory"), summary.path("rate_measured"));
        row3(html, "smallest eigenvalue of the masked NTK (needs >= lambda_0 / 2)",
                summary.path("lambda0_half"), summary.path("masked_ntk_min"));
        row3(html, "largest weight drift (needs <= R)", summary.path("radius_R"),
                summary.path("max_weight_drift"));
        row3(html, "neighbourhood, inside O(.) (" + theory.path("neighbourhood_formula").asText()
                + "); measured: the final loss L_K", theory.path("neighbourhood_inside_O"),
                summary.path("final_loss"));
        html.append("</table>\n<p>").append(Html.escape(theory.path("verdict").asText()))
                .append("</p>\n");
    }

    private static void row3(StringBuilder html, String label, JsonNode theory,
            JsonNode measured) {
        html.append("<tr><td>").append(Html.escape(label)).append("</td><td>")
                .append(Html.escape(scalar(theory))).append("</td><td>")
                .append(Html.escape(scalar(measured))).append("</td></tr>\n");
    }

    /** Writes a two-column table of every scalar under {@code node}, nested keys dotted. */
    private static void table(StringBuilder html, JsonNode node) {
        html.append("<table>\n");
        rows(html, node, "", 0);
        html.append("</table>\n");
    }

    private static void rows(StringBuilder html, JsonNode node, String prefix, int depth) {
        if (depth > 8) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                rows(html, field.getValue(), prefix.isEmpty() ? field.getKey()
                        : prefix + "." + field.getKey(), depth + 1);
            }
            return;
        }
        if (node.isArray() && node.size() > 0 && node.get(0).isContainerNode()) {
            int index = 0;
            for (JsonNode element : node) {
                rows(html, element, prefix + "[" + index++ + "]", depth + 1);
            }
            return;
        }
        html.append("<tr><th>").append(Html.escape(prefix)).append("</th><td>")
                .append(Html.escape(scalar(node))).append("</td></tr>\n");
    }

    private static String scalar(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "not available";
        }
        if (node.isNumber()) {
            return format(node.asDouble());
        }
        if (node.isTextual()) {
            return node.asText();
        }
        return node.toString();
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        String text = String.format(Locale.ROOT, "%.5g", value);
        if (text.contains(".") && !text.contains("e")) {
            text = text.replaceAll("0+$", "");
            text = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        }
        return text;
    }

    private static void problems(StringBuilder html, List<String> problems) {
        if (problems.isEmpty()) {
            return;
        }
        html.append("<ul class=\"missing\">\n");
        for (String problem : problems) {
            html.append("<li>not available: ").append(Html.escape(problem)).append("</li>\n");
        }
        html.append("</ul>\n");
    }

    private static void missing(StringBuilder html, String text) {
        html.append("<p class=\"missing\">").append(Html.escape(text)).append("</p>\n");
    }

    /** Returns the URL prefix from the page's folder to {@code target}, ending in '/'. */
    private static String relativePrefix(Path pageFolder, Path target) {
        Path relative;
        try {
            relative = pageFolder.toAbsolutePath().normalize()
                    .relativize(target.toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            return "";
        }
        String text = relative.toString().replace('\\', '/');
        return text.isEmpty() ? "" : Html.relativeUrl(text) + "/";
    }

    private static StringBuilder open(String title) {
        StringBuilder html = new StringBuilder(1 << 16);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n<style>")
                .append(STYLE).append("</style>\n</head>\n<body>\n");
        return html;
    }

    private static String close(StringBuilder html) {
        html.append("<p><small>Written by masktrain ")
                .append(Html.escape(org.masktrain.Version.get()))
                .append(".</small></p>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void writePage(Path page, String html) throws IOException {
        if (Files.isSymbolicLink(page)) {
            throw new InvalidInputException(page + " is a symbolic link; the report replaces "
                    + "only regular files");
        }
        AtomicFiles.writeString(page, html);
    }
}
