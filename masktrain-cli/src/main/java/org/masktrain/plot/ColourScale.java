package org.masktrain.plot;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;
import org.jfree.chart.renderer.PaintScale;

/**
 * A continuous colour scale from light yellow (lower bound) through green and blue to dark
 * purple (upper bound), the viridis colours in reverse so that small values are light. NaN is
 * grey.
 */
final class ColourScale implements PaintScale, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Color NOT_A_NUMBER = new Color(0xBBBBBB);
    private static final int[] STOPS = {0xFDE725, 0x5EC962, 0x21918C, 0x3B528B, 0x440154};

    private final double lower;
    private final double upper;

    ColourScale(double lower, double upper) {
        this.lower = lower;
        this.upper = upper > lower ? upper : lower + 1;
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        if (Double.isNaN(value)) {
            return NOT_A_NUMBER;
        }
        double position = Math.max(0, Math.min(1, (value - lower) / (upper - lower)));
        double scaled = position * (STOPS.length - 1);
        int index = Math.min(STOPS.length - 2, (int) scaled);
        double fraction = scaled - index;
        return blend(new Color(STOPS[index]), new Color(STOPS[index + 1]), fraction);
    }

    /** Returns whether text on {@code value}'s colour should be white for contrast. */
    boolean isDark(double value) {
        Color colour = (Color) getPaint(value);
        double luminance = 0.299 * colour.getRed() + 0.587 * colour.getGreen()
                + 0.114 * colour.getBlue();
        return luminance < 128;
    }

    private static Color blend(Color from, Color to, double fraction) {
        return new Color(
                (int) Math.round(from.getRed() + (to.getRed() - from.getRed()) * fraction),
                (int) Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * fraction),
                (int) Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * fraction));
    }
}
