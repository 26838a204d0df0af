package org.masktrain.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tick values and labels of {@link LogTicks}. */
class LogTicksTest {

    @Test
    void oneTwoFiveWithinTwoDecades() {
        assertEquals(List.of(50.0, 100.0, 200.0, 500.0, 1000.0),
                LogTicks.values(31.6, 1000, LogTicks.MAX_TICKS));
    }

    @Test
    void narrowRangeUsesEveryMantissa() {
        assertEquals(List.of(0.05, 0.06, 0.07, 0.08, 0.09, 0.1),
                LogTicks.values(0.042, 0.13, LogTicks.MAX_TICKS));
    }

    @Test
    void wideRangeUsesDecades() {
        assertEquals(List.of(1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0),
                LogTicks.values(5e-7, 2, LogTicks.MAX_COLOUR_BAR_TICKS));
        List<Double> twenty = LogTicks.values(1e-10, 1e10, LogTicks.MAX_TICKS);
        assertTrue(twenty.size() <= LogTicks.MAX_TICKS, twenty::toString);
        assertTrue(twenty.size() >= 2, twenty::toString);
        assertTrue(twenty.contains(1.0), twenty::toString);
    }

    @Test
    void narrowColourBarGetsMiddleTicks() {
        assertEquals(List.of(0.02, 0.03, 0.05, 0.07),
                LogTicks.values(0.015, 0.096, LogTicks.MAX_COLOUR_BAR_TICKS));
    }

    @Test
    void colourBarKeepsFewTicks() {
        List<Double> ticks = LogTicks.values(3e-4, 0.2, LogTicks.MAX_COLOUR_BAR_TICKS);
        assertTrue(ticks.size() >= 3, ticks::toString);
        assertTrue(ticks.size() <= LogTicks.MAX_COLOUR_BAR_TICKS, ticks::toString);
    }

    @Test
    void labelsHaveNoNeedlessDigits() {
        assertEquals("1000", LogTicks.label(1000));
        assertEquals("0.02", LogTicks.label(0.02));
        assertEquals("500", LogTicks.label(500));
        assertEquals("1e-5", LogTicks.label(1e-5));
        assertEquals("2e6", LogTicks.label(2e6));
    }
}
