package org.masktrain.plot;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.masktrain.io.AtomicFiles;

/**
 * Renders charts to PNG (JFreeChart's encoder) and SVG (JFreeSVG), in memory or to files. Runs
 * without a display: the class sets {@code java.awt.headless} before AWT starts.
 */
public final class ChartFiles {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartFiles() {
    }

    /** Returns the chart as PNG bytes; {@code info}, when not null, receives the entities. */
    public static byte[] png(JFreeChart chart, int width, int height, ChartRenderingInfo info) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(bytes, chart, width, height, info);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Returns the chart as a standalone SVG document. */
    public static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D graphics = new SVGGraphics2D(width, height);
        chart.draw(graphics, new Rectangle(0, 0, width, height));
        return graphics.getSVGDocument();
    }

    /**
     * Writes {@code base.png} and {@code base.svg}, each atomically.
     *
     * @param base the path without extension
     */
    public static void write(JFreeChart chart, Path base, int width, int height)
            throws IOException {
        String name = base.getFileName().toString();
        AtomicFiles.writeBytes(base.resolveSibling(name + ".png"),
                png(chart, width, height, null));
        AtomicFiles.writeBytes(base.resolveSibling(name + ".svg"),
                svg(chart, width, height).getBytes(StandardCharsets.UTF_8));
    }
}
