package org.masktrain.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.masktrain.plot.Charts.DynamicsCurve;
import org.masktrain.plot.Charts.PointKind;

/** Figure 2a's subtitle and run counts match the curves drawn. */
class DynamicsSubtitleTest {

    private static DynamicsCurve curve(int events, int runs) {
        return new DynamicsCurve("xi = 0.5", new double[events], new double[events],
                new double[events], new PointKind[events], runs);
    }

    @Test
    void fewEventsCountedExactly() {
        String subtitle = FigureOutput.dynamicsSubtitle(List.of(curve(37, 1)));

        assertTrue(subtitle.contains("37 events"), subtitle);
        assertFalse(subtitle.contains("first"), subtitle);
        assertTrue(subtitle.contains("no spread band"), subtitle);
    }

    @Test
    void cappedEventsSayFirst() {
        String subtitle = FigureOutput.dynamicsSubtitle(List.of(
                curve(FigureData.DYNAMICS_POINTS, 3)));

        assertTrue(subtitle.contains("the first " + FigureData.DYNAMICS_POINTS + " events"),
                subtitle);
        assertTrue(subtitle.contains("standard deviation over runs"), subtitle);
    }

    @Test
    void countUsesSingularForOne() {
        assertEquals("1 run", FigureData.count(1, "run"));
        assertEquals("3 runs", FigureData.count(3, "run"));
        assertEquals("0 runs", FigureData.count(0, "run"));
    }
}
