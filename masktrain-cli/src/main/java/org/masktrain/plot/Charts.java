package org.masktrain.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Builds the charts of the reproduced figures and of single runs with JFreeChart. The methods
 * only build charts; {@link ChartFiles} renders them.
 */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Colours of successive series: blue, orange, green, red, purple, brown. */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e),
        new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};

    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Charts() {
    }

    /** Returns the colour of series {@code index}. */
    public static Color colour(int index) {
        return PALETTE[index % PALETTE.length];
    }

    /** The event after which a point of the loss dynamics is measured. */
    public enum PointKind {
        /** The full network's loss L_k after aggregation (and at k = 0). */
        AGGREGATION,
        /** The mean sub-network loss right after sampling, before local steps. */
        SAMPLING,
        /** The mean sub-network loss after a local step. */
        LOCAL_STEP
    }

    /**
     * A loss curve with a spread band: one point per event, in order.
     *
     * @param label the legend entry
     * @param mean the mean over repetitions
     * @param lower the lower edge of the band
     * @param upper the upper edge of the band
     * @param kinds what each point follows
     * @param runs the number of repetitions averaged
     */
    public record DynamicsCurve(String label, double[] mean, double[] lower, double[] upper,
            PointKind[] kinds, int runs) {
    }

    /**
     * Returns the loss at every sampling, local step and aggregation on a log scale, with a
     * band of the spread over repetitions and markers at sampling (triangles) and aggregation
     * (circles). The legend entries of the markers and the subtitle explain the events, so no
     * label floats over the curves, however many rounds are drawn.
     */
    public static JFreeChart lossDynamics(String title, List<DynamicsCurve> curves,
            String subtitle) {
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        XYSeriesCollection markers = new XYSeriesCollection();
        XYSeries sampling = new XYSeries("sampling: error jumps up", false, true);
        XYSeries aggregation = new XYSeries("aggregation: error drops", false, true);
        double smallest = Double.POSITIVE_INFINITY;
        for (DynamicsCurve curve : curves) {
            YIntervalSeries series = new YIntervalSeries(curve.label(), false, true);
            for (int i = 0; i < curve.mean().length; i++) {
                double mean = curve.mean()[i];
                if (!(mean > 0) || !Double.isFinite(mean)) {
                    continue;
                }
                double low = Math.max(curve.lower()[i], mean * 1e-3);
                series.add(i, mean, low, Math.max(curve.upper()[i], mean));
                smallest = Math.min(smallest, low);
                if (curve.kinds()[i] == PointKind.SAMPLING) {
                    sampling.add(i, mean);
                } else if (curve.kinds()[i] == PointKind.AGGREGATION) {
                    aggregation.add(i, mean);
                }
            }
            bands.addSeries(series);
        }
        markers.addSeries(sampling);
        markers.addSeries(aggregation);

        NumberAxis xAxis = new NumberAxis("event (sampling, local steps, aggregation of each "
                + "round)");
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        endAtData(xAxis);
        LogAxis yAxis = logAxis("training error ||Y - u||_F^2 (log scale)", smallest);
        DeviationRenderer bandRenderer = new DeviationRenderer(true, false);
        bandRenderer.setAlpha(0.25f);
        for (int i = 0; i < curves.size(); i++) {
            bandRenderer.setSeriesPaint(i, colour(i));
            bandRenderer.setSeriesFillPaint(i, colour(i));
            bandRenderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        XYPlot plot = new XYPlot(bands, xAxis, yAxis, bandRenderer);
        XYLineAndShapeRenderer markerRenderer = new XYLineAndShapeRenderer(false, true);
        markerRenderer.setSeriesShape(0, triangle(4));
        markerRenderer.setSeriesPaint(0, Color.DARK_GRAY);
        markerRenderer.setSeriesShape(1, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        markerRenderer.setSeriesPaint(1, Color.BLACK);
        plot.setDataset(1, markers);
        plot.setRenderer(1, markerRenderer);
        style(plot);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle(subtitle, LABEL_FONT));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * A heatmap cell: the value and the grid position.
     *
     * @param column the column index (x)
     * @param row the row index (y)
     * @param value the value; NaN is drawn grey and labelled {@code nanLabel}
     */
    public record HeatmapCell(int column, int row, double value) {
    }

    /**
     * Returns a heatmap of {@code cells} coloured by log10 of the value, light for small
     * values, with a colour bar labelled with the values on a log scale, the value printed in
     * each cell and axes labelled by {@code columns} and {@code rows}. Item i of series 0 is
     * {@code cells.get(i)}, so an entity in the rendering info can be traced back to its cell.
     */
    public static JFreeChart heatmap(String title, String columnLabel, String[] columns,
            String rowLabel, String[] rows, List<HeatmapCell> cells, String valueLabel,
            String nanLabel) {
        double[][] data = new double[3][cells.size()];
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < cells.size(); i++) {
            HeatmapCell cell = cells.get(i);
            double log = cell.value() > 0 ? Math.log10(cell.value()) : Double.NaN;
            data[0][i] = cell.column();
            data[1][i] = cell.row();
            data[2][i] = log;
            if (Double.isFinite(log)) {
                low = Math.min(low, log);
                high = Math.max(high, log);
            }
        }
        if (low > high) {
            low = 0;
            high = 1;
        } else if (high - low < 1e-6) {
            // One distinct value: a colour bar needs a range of positive length.
            low -= 0.5;
            high += 0.5;
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("cells", data);
        ColourScale scale = new ColourScale(low, high);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        renderer.setBlockAnchor(RectangleAnchor.CENTER);
        SymbolAxis xAxis = new SymbolAxis(columnLabel, columns);
        xAxis.setGridBandsVisible(false);
        SymbolAxis yAxis = new SymbolAxis(rowLabel, rows);
        yAxis.setGridBandsVisible(false);
        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        for (int i = 0; i < cells.size(); i++) {
            HeatmapCell cell = cells.get(i);
            String text = Double.isNaN(cell.value()) ? nanLabel
                    : String.format(Locale.ROOT, "%.2g", cell.value());
            XYTextAnnotation label = new XYTextAnnotation(text, cell.column(), cell.row());
            label.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            label.setPaint(scale.isDark(data[2][i]) ? Color.WHITE : Color.BLACK);
            plot.addAnnotation(label);
        }
        NumberAxis legendAxis = new LogTicks.ExponentAxis(valueLabel);
        legendAxis.setRange(low, high);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
        legend.setMargin(new RectangleInsets(10, 10, 10, 10));
        legend.setStripWidth(15);
        legend.setSubdivisionCount(128);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * A line with error bars.
     *
     * @param label the legend entry
     * @param x the x values
     * @param mean the means
     * @param spread the half-length of each error bar (standard deviation)
     */
    public record ErrorSeries(String label, double[] x, double[] mean, double[] spread) {
    }

    /** Returns lines with markers and vertical error bars; a log y axis when {@code logY}. */
    public static JFreeChart errorBars(String title, String xLabel, String yLabel, boolean logY,
            List<ErrorSeries> series) {
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        double smallest = Double.POSITIVE_INFINITY;
        for (ErrorSeries line : series) {
            YIntervalSeries data = new YIntervalSeries(line.label(), false, true);
            for (int i = 0; i < line.x().length; i++) {
                double mean = line.mean()[i];
                if (!Double.isFinite(mean) || logY && !(mean > 0)) {
                    continue;
                }
                double spread = Double.isFinite(line.spread()[i]) ? line.spread()[i] : 0;
                double low = mean - spread;
                if (logY) {
                    low = Math.max(low, mean * 1e-3);
                    smallest = Math.min(smallest, low);
                }
                data.add(line.x()[i], mean, low, mean + spread);
            }
            dataset.addSeries(data);
        }
        NumberAxis xAxis = new NumberAxis(xLabel);
        xAxis.setAutoRangeIncludesZero(false);
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ValueAxis yAxis = logY ? logAxis(yLabel, smallest) : new NumberAxis(yLabel);
        if (yAxis instanceof NumberAxis numberAxis) {
            numberAxis.setAutoRangeIncludesZero(false);
        }
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDrawYError(true);
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setCapLength(6);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, colour(i));
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        style(plot);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Returns a single run's error per round on a log scale, with the held-out error when
     * {@code heldOut} is not null. Both arrays contain the same measure, so they share the axis
     * labelled {@code yLabel}.
     */
    public static JFreeChart runLoss(String title, double[] rounds, double[] training,
            double[] heldOut, String yLabel) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        XYSeries train = positiveSeries("training set", rounds, training);
        dataset.addSeries(train);
        double smallest = train.isEmpty() ? Double.NaN : train.getMinY();
        if (heldOut != null) {
            XYSeries test = positiveSeries("held-out set", rounds, heldOut);
            dataset.addSeries(test);
            if (!test.isEmpty()) {
                smallest = Double.isNaN(smallest) ? test.getMinY()
                        : Math.min(smallest, test.getMinY());
            }
        }
        NumberAxis xAxis = new NumberAxis("round k");
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        endAtData(xAxis);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true,
                training.length <= 60);
        for (int i = 0; i < 2; i++) {
            renderer.setSeriesPaint(i, colour(i));
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        XYPlot plot = new XYPlot(dataset, xAxis, logAxis(yLabel, smallest), renderer);
        style(plot);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Returns the points of {@code values} that are positive and finite, as a log axis needs. */
    private static XYSeries positiveSeries(String label, double[] x, double[] values) {
        XYSeries series = new XYSeries(label, false, true);
        for (int i = 0; i < values.length; i++) {
            if (values[i] > 0 && Double.isFinite(values[i])) {
                series.add(x[i], values[i]);
            }
        }
        return series;
    }

    /**
     * Returns the NTK diagnostics of a run per round in two stacked panels: the smallest
     * eigenvalue of the masked NTK after local training (minimum over sub-networks) against
     * lambda_0 / 2, and the largest weight drift from initialization.
     *
     * @param halfLambda lambda_0 / 2, or NaN when unknown
     */
    public static JFreeChart diagnostics(String title, double[] rounds, double[] ntkMinimum,
            double[] drift, double halfLambda) {
        XYSeriesCollection eigen = new XYSeriesCollection();
        XYSeries minimum = new XYSeries("min eigenvalue of the masked NTK", false, true);
        XYSeries half = new XYSeries("lambda_0 / 2", false, true);
        XYSeriesCollection drifts = new XYSeriesCollection();
        XYSeries maxDrift = new XYSeries("max ||w_r - w_0,r||", false, true);
        for (int i = 0; i < rounds.length; i++) {
            if (Double.isFinite(ntkMinimum[i])) {
                minimum.add(rounds[i], ntkMinimum[i]);
            }
            if (Double.isFinite(halfLambda)) {
                half.add(rounds[i], halfLambda);
            }
            if (Double.isFinite(drift[i])) {
                maxDrift.add(rounds[i], drift[i]);
            }
        }
        eigen.addSeries(minimum);
        eigen.addSeries(half);
        drifts.addSeries(maxDrift);
        XYLineAndShapeRenderer eigenRenderer = new XYLineAndShapeRenderer(true, true);
        eigenRenderer.setSeriesPaint(0, colour(0));
        eigenRenderer.setSeriesPaint(1, Color.GRAY);
        eigenRenderer.setSeriesShapesVisible(1, false);
        eigenRenderer.setSeriesStroke(1, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        XYPlot top = new XYPlot(eigen, null, new NumberAxis("eigenvalue"), eigenRenderer);
        XYLineAndShapeRenderer driftRenderer = new XYLineAndShapeRenderer(true, true);
        driftRenderer.setSeriesPaint(0, colour(1));
        XYPlot bottom = new XYPlot(drifts, null, new NumberAxis("weight drift"), driftRenderer);
        style(top);
        style(bottom);
        NumberAxis xAxis = new NumberAxis("round k");
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        endAtData(xAxis);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(xAxis);
        plot.add(top, 1);
        plot.add(bottom, 1);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static LogAxis logAxis(String label, double smallest) {
        LogAxis axis = new LogTicks.Axis(label);
        axis.setSmallestValue(Double.isFinite(smallest) && smallest > 0 ? smallest * 0.5
                : 1e-12);
        return axis;
    }

    /** Makes {@code axis} span the data exactly, so a round axis ends at K, not K + 1. */
    private static void endAtData(NumberAxis axis) {
        axis.setLowerMargin(0);
        axis.setUpperMargin(0);
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setOutlinePaint(Color.GRAY);
    }

    private static java.awt.Shape triangle(double size) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(0, -size);
        path.lineTo(size, size);
        path.lineTo(-size, size);
        path.closePath();
        return path;
    }

}
