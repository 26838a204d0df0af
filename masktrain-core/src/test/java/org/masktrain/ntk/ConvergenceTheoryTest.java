package org.masktrain.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;
import org.masktrain.model.Scaling;

/** The theorems' formulas on cases computed by hand. */
class ConvergenceTheoryTest {

    @Test
    void thetaAndGammaByHand() {
        assertEquals(0.875, ConvergenceTheory.theta(0.5, 3), 1e-15, "1 - 0.5^3");
        assertEquals(1.0, ConvergenceTheory.theta(1.0, 4), 0.0, "theta at xi = 1");
        assertEquals(0.9564655913861946, ConvergenceTheory.gamma(8), 1e-15, "(7/8)^(1/3)");
        assertEquals(0.0, ConvergenceTheory.gamma(1), 0.0, "gamma at p = 1");
    }

    @Test
    void ratesByHand() {
        // 1 - 0.1 * 0.875 * 2 * 0.2 / 4 = 1 - 0.00875.
        assertEquals(0.99125, ConvergenceTheory.bernoulliRate(0.1, 0.875, 2, 0.2), 1e-15,
                "Theorem 3 rate");
        // gamma + (1 - gamma) (1 - 0.5 * 0.4 / 2)^3 with gamma = (7/8)^(1/3), 0.9^3 = 0.729.
        double gamma = Math.cbrt(7.0 / 8.0);
        assertEquals(gamma + (1 - gamma) * 0.729,
                ConvergenceTheory.categoricalRate(0.5, gamma, 3, 0.4), 1e-15,
                "Theorem 4 rate");
        assertEquals(1 - 0.5 * 0.4 / 2, ConvergenceTheory.categoricalRate(0.5, 0.0, 1, 0.4),
                1e-15, "Theorem 4 rate at p = 1 is one gradient step");
    }

    @Test
    void stepScalesByHand() {
        // 0.2 / (max(100, 4) * 100 * 5) = 4e-6.
        assertEquals(4e-6, ConvergenceTheory.bernoulliStepScale(0.2, 100, 4, 5), 1e-21,
                "Theorem 3 scale");
        // p > n: 0.2 / (300 * 100 * 1).
        assertEquals(0.2 / 30000, ConvergenceTheory.bernoulliStepScale(0.2, 100, 300, 1),
                1e-21, "Theorem 3 scale with p > n");
        // p = 8, tau = 2: 8 / (gamma^2 * 2) > 1, so the minimum is 1.
        assertEquals(3e-5, ConvergenceTheory.categoricalStepScale(0.3, 100, 8, 2), 1e-20,
                "Theorem 4 scale, min = 1");
        // p = 64, tau = 100: gamma = (63/64)^(1/3), min = 64 / (gamma^2 * 100).
        double gamma = Math.cbrt(63.0 / 64.0);
        assertEquals(0.3 / 1e4 * 64 / (gamma * gamma * 100),
                ConvergenceTheory.categoricalStepScale(0.3, 100, 64, 100), 1e-20,
                "Theorem 4 scale, min < 1");
        assertEquals(0.3 / 1e4, ConvergenceTheory.categoricalStepScale(0.3, 100, 1, 5), 1e-20,
                "Theorem 4 scale at p = 1");
    }

    /**
     * xi = 0.5, p = 2, tau = 2, n = 10, d = 3, m = 100, kappa = 0.1, lambda_0 = 0.5: theta =
     * 0.75, and the three terms are 0.25 * 1000 * 3 / (100 * 0.25) = 30, 0.5 * 10 * 0.01 / 2 =
     * 0.025 and 0.25 * 0.5625 * 0.5 * 10 * 0.01 = 0.00703125.
     */
    @Test
    void theorem3NeighbourhoodByHand() {
        assertEquals(30.03203125, ConvergenceTheory.theorem3Neighbourhood(0.5, 2, 2, 10, 3, 100,
                0.1, 0.5), 1e-12, "B1 inside O(.)");
    }

    /** gamma(4) * 3 * 50 * 0.04 * 20 / 0.01 with gamma(4) = 0.75^(1/3). */
    @Test
    void theorem4NeighbourhoodByHand() {
        assertEquals(Math.cbrt(0.75) * 3 * 50 * 0.04 * 20 / 0.01,
                ConvergenceTheory.theorem4Neighbourhood(4, 3, 50, 0.2, 20, 0.1), 1e-9,
                "Theorem 4 term inside O(.)");
    }

    /**
     * Mean reduction over n = 100 and inverted scaling at xi = 0.5 turn --lr 5 into
     * 5 / (100 * 0.25) = 0.2 in the theorems' sum reduction and paper scaling.
     */
    @Test
    void evaluateConvertsStepSize() {
        TheoryInputs inputs = new TheoryInputs(0.02, 30, 100, 10, 200, 3, 4, 20, 0.5, 0.1, 5.0,
                Reduction.MEAN, Scaling.INVERTED, MaskKind.BERNOULLI, false);
        TheoryNumbers numbers = ConvergenceTheory.evaluate(inputs);

        assertEquals(0.04, inputs.stepConversion(), 1e-15, "step conversion");
        assertEquals(4.0, inputs.lossConversion(), 0.0, "loss conversion 1 / xi^2");
        assertEquals(0.2, numbers.paperLearningRate(), 1e-15, "eta in paper units");
        double theta = 1 - Math.pow(0.5, 3);
        assertEquals(1 - 0.2 * theta * 4 * 0.02 / 4, numbers.rate(), 1e-15, "rate");
        assertEquals("Corollary 3 (IST with Bernoulli masks)", numbers.result(), "result");
        double scale = 0.02 / (100.0 * 100 * 4);
        assertEquals(scale, numbers.stepSizeScale(), 1e-20, "scale in paper units");
        assertEquals(scale / 0.04, numbers.runStepSizeScale(), 1e-18, "scale in --lr units");
        assertEquals(0.2 / scale, numbers.stepSizeRatio(), 1e-6, "ratio");
        double corollary = 0.25 / (100.0 * 20) + (theta - 0.25) / 3
                + (1 - 0.25) * theta * theta * 0.5;
        assertEquals(corollary, numbers.corollaryNeighbourhood(), 1e-15, "Corollary 3 term");
    }

    @Test
    void evaluateNamesSpecialCases() {
        assertEquals("Corollary 1 (dropout)", bernoulli(0.8, 1, 1).result(), "p = tau = 1");
        assertEquals(0.2, bernoulli(0.8, 1, 1).corollaryNeighbourhood(), 1e-15, "1 - xi");
        assertEquals("Corollary 1 at xi = 1 (full gradient descent)",
                bernoulli(1.0, 1, 1).result(), "xi = 1");
        assertEquals("Corollary 2 (multi-sample dropout)", bernoulli(0.5, 4, 1).result(),
                "tau = 1");
        assertEquals("Corollary 3 (IST with Bernoulli masks)", bernoulli(0.5, 1, 3).result(),
                "tau = 3");

        TheoryNumbers categorical = ConvergenceTheory.evaluate(new TheoryInputs(0.1, 10, 50,
                5, 100, 4, 2, 10, 0.25, 1.0, 1e-3, Reduction.SUM, Scaling.PAPER,
                MaskKind.CATEGORICAL, true));
        assertEquals("Theorem 4 (categorical masks)", categorical.result(), "categorical");
        assertEquals(1.0, categorical.theta(), 0.0, "every neuron is in a sub-network");
        assertEquals(Math.cbrt(0.75), categorical.gamma(), 1e-15, "gamma");
        assertTrue(categorical.notes().get(0).contains("minibatches"),
                "minibatch note: " + categorical.notes());
    }

    @Test
    void verdictPlacesStepSizeByOrderOfMagnitude() {
        assertTrue(ConvergenceTheory.verdict(1e-3, 2e-3, "s").contains("inside the regime"),
                "ratio 0.5");
        assertTrue(ConvergenceTheory.verdict(5e-3, 1e-3, "s").contains("at the edge"),
                "ratio 5");
        String outside = ConvergenceTheory.verdict(1.0, 1e-3, "s");
        assertTrue(outside.contains("3.0 orders of magnitude above"), outside);
        assertTrue(outside.contains("order-of-magnitude statement"), outside);
    }

    @Test
    void measuredContractionSummarizesRatios() {
        MeasuredContraction measured = MeasuredContraction.of(new double[] {8, 4, 2, 1, 1});
        assertEquals(4, measured.ratios(), "ratios");
        assertEquals(0.5, measured.first(), 1e-15, "geometric mean of 0.5, 0.5, 0.5");
        assertEquals(0.5, measured.median(), 1e-15, "median of 0.5, 0.5, 0.5, 1");
        assertEquals(Math.pow(0.5, 2.0 / 3.0), measured.last(), 1e-15,
                "geometric mean of 0.5, 0.5, 1");

        MeasuredContraction zero = MeasuredContraction.of(new double[] {1, 0, 0});
        assertEquals(1, zero.ratios(), "0 / 0 is left out");
        assertEquals(0.0, zero.median(), 0.0, "median");
        assertTrue(Double.isNaN(MeasuredContraction.of(new double[] {3}).median()),
                "no ratios without a round");
    }

    private static TheoryNumbers bernoulli(double xi, int p, int tau) {
        return ConvergenceTheory.evaluate(new TheoryInputs(0.1, 10, 50, 5, 100, p, tau, 10, xi,
                Math.sqrt(1.0 / 50), 1e-4, Reduction.SUM, Scaling.PAPER, MaskKind.BERNOULLI,
                false));
    }
}
