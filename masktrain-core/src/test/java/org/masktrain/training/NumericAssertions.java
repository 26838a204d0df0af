package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions on floating-point results with an explicit relative tolerance per call. */
public final class NumericAssertions {

    private NumericAssertions() {
    }

    /** Asserts {@code |actual - expected| <= relative * |expected|}. */
    public static void assertRelativelyClose(double expected, double actual, double relative,
            String what) {
        assertEquals(expected, actual, relative * Math.abs(expected), what);
    }

    /**
     * Asserts that the arrays have equal length and that every entry is within
     * {@code relative * max_i |expected_i|} of the expected one.
     */
    public static void assertArrayClose(double[] expected, double[] actual, double relative,
            String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double tolerance = relative * maxAbs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, what + ": entry " + i);
        }
    }

    /** Returns {@code max_i |values_i|}, or 0 for an empty array. */
    public static double maxAbs(double[] values) {
        double max = 0.0;
        for (double value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }
}
