package org.masktrain.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * Chooses readable ticks for a log scale: 1, 2 and 5 times each power of ten when they fit,
 * else every power of ten, else every second, fifth, tenth (and so on) power of ten. A range
 * too narrow for three such ticks gets more mantissas, up to 1 to 9 times each power of
 * ten. JFreeChart's {@link LogAxis} ticks at even steps of the exponent instead, such as 794,
 * 631 and 501.
 */
final class LogTicks {

    /** Maximum number of ticks on a plot's axis. */
    static final int MAX_TICKS = 10;

    /** Maximum number of ticks on a colour bar, which is shorter than a plot's axis. */
    static final int MAX_COLOUR_BAR_TICKS = 7;

    /** Mantissas for ranges too narrow for three 1-2-5 ticks, densest last. */
    private static final double[][] DENSER_MANTISSAS = {{1, 2, 3, 5}, {1, 2, 3, 5, 7},
        {1, 2, 3, 4, 5, 6, 7, 8, 9}};

    private LogTicks() {
    }

    /**
     * Returns the tick values inside [low, high], both positive: the densest readable set with
     * at most {@code maxTicks} values, or [low, high] themselves when no set has two values.
     */
    static List<Double> values(double low, double high, int maxTicks) {
        if (!(low > 0) || !(high > low) || !Double.isFinite(high)) {
            return List.of();
        }
        int first = (int) Math.floor(Math.log10(low));
        int last = (int) Math.ceil(Math.log10(high));
        List<Double> ticks = candidates(low, high, first, last, new double[] {1, 2, 5}, 1);
        if (ticks.size() < 3) {
            // A narrow range, such as 0.04 to 0.13: more mantissas give more ticks.
            for (double[] mantissas : DENSER_MANTISSAS) {
                List<Double> dense = candidates(low, high, first, last, mantissas, 1);
                if (dense.size() <= maxTicks && dense.size() > ticks.size()) {
                    ticks = dense;
                }
            }
            return ticks.size() >= 2 ? ticks : List.of(low, high);
        }
        if (ticks.size() <= maxTicks) {
            return ticks;
        }
        for (int step = 1; ; step = nextStep(step)) {
            ticks = candidates(low, high, first, last, new double[] {1}, step);
            if (ticks.size() <= maxTicks) {
                return ticks;
            }
        }
    }

    /** Returns the decade step after {@code step}: 1, 2, 5, 10, 20, 50... */
    private static int nextStep(int step) {
        String digits = Integer.toString(step);
        return digits.charAt(0) == '2' ? step / 2 * 5 : step * 2;
    }

    /** Returns a label without needless digits: 0.02, 500, 2000, or 1e-5 and 2e6 outside. */
    static String label(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e5) {
            return new BigDecimal(String.format(java.util.Locale.ROOT, "%.3g", value))
                    .stripTrailingZeros().toPlainString();
        }
        return new SignificantFormat(3).format(value);
    }

    private static List<Double> candidates(double low, double high, int first, int last,
            double[] mantissas, int decadeStep) {
        List<Double> ticks = new ArrayList<>();
        int start = Math.floorDiv(first, decadeStep) * decadeStep;
        for (int exponent = start; exponent <= last; exponent += decadeStep) {
            for (double mantissa : mantissas) {
                // Parsing "2e-3" gives the double nearest 0.002, unlike 2 * Math.pow(10, -3).
                double value = Double.parseDouble(mantissa + "e" + exponent);
                if (value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9)) {
                    ticks.add(value);
                }
            }
        }
        return ticks;
    }

    private static TextAnchor anchor(RectangleEdge edge) {
        if (edge == RectangleEdge.LEFT) {
            return TextAnchor.CENTER_RIGHT;
        }
        if (edge == RectangleEdge.RIGHT) {
            return TextAnchor.CENTER_LEFT;
        }
        return edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
    }

    /** A log axis with the ticks of {@link LogTicks#values}. */
    static final class Axis extends LogAxis {

        private static final long serialVersionUID = 1L;

        Axis(String label) {
            super(label);
        }

        @Override
        public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea,
                RectangleEdge edge) {
            List<NumberTick> ticks = new ArrayList<>();
            for (double value : values(getLowerBound(), getUpperBound(), MAX_TICKS)) {
                ticks.add(new NumberTick(TickType.MAJOR, value, label(value), anchor(edge),
                        TextAnchor.CENTER, 0.0));
            }
            return ticks;
        }
    }

    /**
     * A linear axis over log10 of the values, such as a colour bar of log10 values, labelled
     * with the values themselves at the ticks of {@link LogTicks#values}, at most
     * {@link #MAX_COLOUR_BAR_TICKS} of them.
     */
    static final class ExponentAxis extends NumberAxis {

        private static final long serialVersionUID = 1L;

        ExponentAxis(String label) {
            super(label);
        }

        @Override
        public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea,
                RectangleEdge edge) {
            List<NumberTick> ticks = new ArrayList<>();
            double low = Math.pow(10, getLowerBound());
            double high = Math.pow(10, getUpperBound());
            for (double value : values(low, high, MAX_COLOUR_BAR_TICKS)) {
                ticks.add(new NumberTick(TickType.MAJOR, Math.log10(value), label(value),
                        anchor(edge), TextAnchor.CENTER, 0.0));
            }
            return ticks;
        }
    }
}
