package org.masktrain.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.masktrain.InvalidInputException;

/** The moving-average convergence rule of Figures 2b and 2c, on hand-worked sequences. */
class ConvergenceRuleTest {

    @Test
    void paperRuleStopsAtFirstNonImprovement() {
        // Window 2: averages 10 (k=0, one value), 7.5, 5.5, 4.5, 5.0 -> stops at k = 4.
        ConvergenceRule rule = new ConvergenceRule(2, 1, 0);
        ConvergenceRule.Outcome outcome = rule.apply(new double[] {10, 5, 6, 3, 7, 1});

        assertTrue(outcome.stopped());
        assertEquals(4, outcome.stopRound());
        assertEquals(3, outcome.bestRound());
        assertEquals(4.5, outcome.value(), 1e-15);
    }

    @Test
    void patienceWaitsForLaterImprovement() {
        ConvergenceRule rule = new ConvergenceRule(2, 2, 0);
        ConvergenceRule.Outcome outcome = rule.apply(new double[] {10, 5, 6, 3, 7, 1});

        // Averages after k = 3: 5.0 (miss), 4.0 (better): the run goes to the end.
        assertFalse(outcome.stopped());
        assertEquals(5, outcome.stopRound());
        assertEquals(4.0, outcome.value(), 1e-15);
    }

    @Test
    void floorStopsOnceTheAverageIsBelowIt() {
        ConvergenceRule rule = new ConvergenceRule(1, 1, 0.5);
        ConvergenceRule.Outcome outcome = rule.apply(new double[] {2, 1, 0.4, 0.1});

        assertTrue(outcome.stopped());
        assertEquals(2, outcome.stopRound());
        assertEquals(0.4, outcome.value(), 0.0);
    }

    @Test
    void noStopBeforeTheWindowFills() {
        // A rise inside the first window is not a miss: the window is still filling.
        ConvergenceRule rule = new ConvergenceRule(3, 1, 0);
        ConvergenceRule.Outcome outcome = rule.apply(new double[] {3, 4, 0.5});

        assertFalse(outcome.stopped());
        assertEquals(2.5, outcome.value(), 1e-15);
    }

    @Test
    void nonFiniteErrorGivesNaN() {
        ConvergenceRule.Outcome outcome = ConvergenceRule.paper()
                .apply(new double[] {1, Double.NaN});

        assertTrue(outcome.stopped());
        assertTrue(Double.isNaN(outcome.value()));
    }

    @Test
    void invalidSettingsNameTheOption() {
        InvalidInputException window = assertThrows(InvalidInputException.class,
                () -> new ConvergenceRule(0, 1, 0));
        assertTrue(window.getMessage().startsWith("--window 0"), window.getMessage());
        InvalidInputException patience = assertThrows(InvalidInputException.class,
                () -> new ConvergenceRule(1, 0, 0));
        assertTrue(patience.getMessage().startsWith("--patience 0"), patience.getMessage());
        InvalidInputException floor = assertThrows(InvalidInputException.class,
                () -> new ConvergenceRule(1, 1, Double.NaN));
        assertTrue(floor.getMessage().startsWith("--floor NaN"), floor.getMessage());
    }
}
