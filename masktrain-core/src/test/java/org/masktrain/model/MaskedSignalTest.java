package org.masktrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Checks the branch-free backward mask against the plain comparison it replaces. */
class MaskedSignalTest {

    private static final double[] SPECIAL = {
        0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
        -Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), -Math.nextDown(Double.MIN_NORMAL),
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NaN, Double.longBitsToDouble(0xfff8000000000000L), 1e-300, -1e-300
    };

    @Test
    void agreesWithComparisonOnSpecialValues() {
        for (double value : SPECIAL) {
            for (double pre : SPECIAL) {
                assertMaskedLikeComparison(value, pre);
            }
        }
    }

    @Test
    void agreesWithComparisonOnRandomBitPatterns() {
        SplittableRandom random = new SplittableRandom(2022);
        for (int i = 0; i < 200_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            double pre = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong())
                    : random.nextGaussian();
            assertMaskedLikeComparison(value, pre);
        }
    }

    private static void assertMaskedLikeComparison(double value, double pre) {
        double expected = pre < 0.0 || Math.abs(value) < Double.MIN_NORMAL ? 0.0 : value;
        assertEquals(Double.doubleToLongBits(expected),
                Double.doubleToLongBits(Activations.maskedSignal(value, pre)),
                () -> "value " + value + ", pre-activation " + pre);
    }
}
