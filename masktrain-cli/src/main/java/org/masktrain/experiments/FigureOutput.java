package org.masktrain.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.masktrain.io.AtomicFiles;
import org.masktrain.plot.ChartFiles;
import org.masktrain.plot.Charts;
import org.masktrain.plot.Charts.ErrorSeries;
import org.masktrain.plot.Charts.HeatmapCell;

/**
 * Draws a sweep's figure and writes its tables: {@code results.csv} (one row per run),
 * {@code summary.csv} (one row per grid point) and the figure as {@code <figure>.png} and
 * {@code <figure>.svg}, all in the sweep folder.
 */
public final class FigureOutput {

    /** Size of a figure in pixels. */
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    /** File of per-run results in a sweep folder. */
    public static final String RESULTS_FILE = "results.csv";
    /** File of per-grid-point means and spreads in a sweep folder. */
    public static final String SUMMARY_FILE = "summary.csv";

    private FigureOutput() {
    }

    /**
     * A chart with, for a heatmap, the grid point drawn as each item of series 0.
     *
     * @param chart the chart
     * @param itemGroups for heatmaps, the group of each item; empty otherwise
     */
    public record FigureChart(JFreeChart chart, List<FigureData.Group> itemGroups) {
    }

    /** Writes the tables and the figure of {@code summary}; returns the figure's base path. */
    public static Path write(FigureData.Summary summary) throws IOException {
        Path folder = summary.sweep().directory();
        AtomicFiles.writeString(folder.resolve(RESULTS_FILE), resultsCsv(summary));
        AtomicFiles.writeString(folder.resolve(SUMMARY_FILE), summaryCsv(summary));
        Path base = folder.resolve(summary.sweep().figure().label());
        ChartFiles.write(chart(summary).chart(), base, WIDTH, HEIGHT);
        return base;
    }

    /** Returns the chart of the sweep's figure. */
    public static FigureChart chart(FigureData.Summary summary) {
        Figure figure = summary.sweep().figure();
        String title = "Figure 2" + figure.label().substring(4) + " reproduced: "
                + figure.title();
        return switch (figure) {
            case FIG2A -> new FigureChart(Charts.lossDynamics(title, summary.curves(),
                    dynamicsSubtitle(summary.curves())), List.of());
            case FIG2B -> heatmap(title, summary);
            case FIG2C -> new FigureChart(widthChart(title, summary), List.of());
            case FIG2D -> new FigureChart(improvementChart(title, summary), List.of());
        };
    }

    /** Returns what Figure 2a's band, lines and event range show, with the real counts. */
    static String dynamicsSubtitle(List<Charts.DynamicsCurve> curves) {
        int events = 0;
        int maxRuns = 0;
        for (Charts.DynamicsCurve curve : curves) {
            events = Math.max(events, curve.mean().length);
            maxRuns = Math.max(maxRuns, curve.runs());
        }
        String band = maxRuns > 1 ? "band: mean +/- one standard deviation over runs"
                : "one run per line, so no spread band";
        String range = events == FigureData.DYNAMICS_POINTS ? "the first " + events + " events"
                : FigureData.count(events, "event");
        return band + "; between the markers: local steps, a smooth decrease; " + range;
    }

    private static FigureChart heatmap(String title, FigureData.Summary summary) {
        TreeSet<Double> columns = new TreeSet<>();
        TreeSet<Double> rows = new TreeSet<>();
        for (FigureData.Group group : summary.groups()) {
            columns.add(group.parameters().getOrDefault("subnets", Double.NaN));
            rows.add(group.parameters().getOrDefault("xi", Double.NaN));
        }
        List<Double> columnList = new ArrayList<>(columns);
        List<Double> rowList = new ArrayList<>(rows);
        List<HeatmapCell> cells = new ArrayList<>();
        List<FigureData.Group> order = new ArrayList<>();
        for (FigureData.Group group : summary.groups()) {
            int column = columnList.indexOf(group.parameters().getOrDefault("subnets",
                    Double.NaN));
            int row = rowList.indexOf(group.parameters().getOrDefault("xi", Double.NaN));
            cells.add(new HeatmapCell(column, row, group.mean()[0]));
            order.add(group);
        }
        String[] columnNames = columnList.stream()
                .map(value -> String.format(Locale.ROOT, "%.0f", value)).toArray(String[]::new);
        String[] rowNames = rowList.stream()
                .map(value -> String.format(Locale.ROOT, "%.2f", value)).toArray(String[]::new);
        JFreeChart chart = Charts.heatmap(title, "sub-networks p", columnNames,
                "keep probability xi", rowNames, cells,
                "converged error (per-entry MSE, mean over runs; log scale)", "n/a");
        return new FigureChart(chart, order);
    }

    private static JFreeChart widthChart(String title, FigureData.Summary summary) {
        List<ErrorSeries> series = seriesBy(summary, "xi", "width", 0);
        return Charts.errorBars(title, "width m (hidden neurons)",
                "converged error (per-entry MSE), mean +/- sd", false, series);
    }

    private static JFreeChart improvementChart(String title, FigureData.Summary summary) {
        List<ErrorSeries> series = new ArrayList<>();
        List<FigureData.Group> groups = summary.groups();
        for (int k = 1; k <= FigureData.IMPROVEMENT_ROUNDS; k++) {
            double[] x = new double[groups.size()];
            double[] mean = new double[groups.size()];
            double[] spread = new double[groups.size()];
            for (int i = 0; i < groups.size(); i++) {
                x[i] = groups.get(i).parameters().getOrDefault("subnets", Double.NaN);
                mean[i] = groups.get(i).mean()[k - 1];
                spread[i] = groups.get(i).spread()[k - 1];
            }
            series.add(new ErrorSeries("round " + k + ": (L_" + (k - 1) + " - L_" + k + ") / L_"
                    + (k - 1), x, mean, spread));
        }
        return Charts.errorBars(title, "sub-networks p (categorical masks, xi = 1/p)",
                "relative improvement of the training error, mean +/- sd", false, series);
    }

    /** Returns one error-bar series per value of {@code seriesKey}, over {@code xKey}. */
    private static List<ErrorSeries> seriesBy(FigureData.Summary summary, String seriesKey,
            String xKey, int valueIndex) {
        java.util.LinkedHashMap<Double, List<FigureData.Group>> bySeries =
                new java.util.LinkedHashMap<>();
        for (FigureData.Group group : summary.groups()) {
            bySeries.computeIfAbsent(group.parameters().getOrDefault(seriesKey, Double.NaN),
                    key -> new ArrayList<>()).add(group);
        }
        List<ErrorSeries> series = new ArrayList<>();
        for (Map.Entry<Double, List<FigureData.Group>> entry : bySeries.entrySet()) {
            List<FigureData.Group> groups = entry.getValue();
            double[] x = new double[groups.size()];
            double[] mean = new double[groups.size()];
            double[] spread = new double[groups.size()];
            for (int i = 0; i < groups.size(); i++) {
                x[i] = groups.get(i).parameters().getOrDefault(xKey, Double.NaN);
                mean[i] = groups.get(i).mean()[valueIndex];
                spread[i] = groups.get(i).spread()[valueIndex];
            }
            Double lr = groups.get(0).parameters().get("lr_std");
            series.add(new ErrorSeries(String.format(Locale.ROOT, "%s = %.2f%s", seriesKey,
                    entry.getKey(), lr == null ? "" : String.format(Locale.ROOT,
                            ", lr_std = %.3g", lr)), x, mean, spread));
        }
        return series;
    }

    /** Returns the names of the values a run of {@code figure} measures. */
    public static List<String> valueNames(Figure figure) {
        return switch (figure) {
            case FIG2A -> List.of("final_loss");
            case FIG2B, FIG2C -> List.of("converged_error");
            case FIG2D -> List.of("improvement_1", "improvement_2", "improvement_3");
        };
    }

    private static String resultsCsv(FigureData.Summary summary) {
        List<String> parameters = FigureData.parameterNames(summary.groups());
        List<String> values = valueNames(summary.sweep().figure());
        StringBuilder csv = new StringBuilder("run,cell,repetition");
        parameters.forEach(name -> csv.append(',').append(name));
        csv.append(",status,rounds");
        values.forEach(name -> csv.append(',').append(name));
        csv.append('\n');
        for (FigureData.Group group : summary.groups()) {
            for (FigureData.RunResult run : group.runs()) {
                csv.append(run.entry().relativePath()).append(',').append(group.name())
                        .append(',').append(run.entry().repetition());
                for (String name : parameters) {
                    csv.append(',').append(number(group.parameters().get(name)));
                }
                csv.append(',').append(run.status()).append(',').append(run.rounds());
                for (double value : run.values()) {
                    csv.append(',').append(number(value));
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }

    private static String summaryCsv(FigureData.Summary summary) {
        List<String> parameters = FigureData.parameterNames(summary.groups());
        List<String> values = valueNames(summary.sweep().figure());
        StringBuilder csv = new StringBuilder("cell");
        parameters.forEach(name -> csv.append(',').append(name));
        csv.append(",runs");
        values.forEach(name -> csv.append(',').append(name).append("_mean,").append(name)
                .append("_sd,").append(name).append("_count"));
        csv.append('\n');
        for (FigureData.Group group : summary.groups()) {
            csv.append(group.name());
            for (String name : parameters) {
                csv.append(',').append(number(group.parameters().get(name)));
            }
            csv.append(',').append(group.runs().size());
            for (int j = 0; j < group.mean().length; j++) {
                csv.append(',').append(number(group.mean()[j])).append(',')
                        .append(number(group.spread()[j])).append(',')
                        .append(group.counted()[j]);
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String number(Double value) {
        return value == null ? "" : Double.isNaN(value) ? "NaN" : Double.toString(value);
    }
}
