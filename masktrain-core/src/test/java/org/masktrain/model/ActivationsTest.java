package org.masktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Checks the element-wise forward and backward passes on hand-worked values. */
class ActivationsTest {

    /** Pre-activations Z, 2 samples x 3 neurons. Neuron 1 is inactive for sample 0. */
    private static final double[] Z = {0.5, -1.0, 2.0, 0.0, 3.0, -0.25};
    /** Signs a, 3 neurons x 2 outputs. */
    private static final double[] SIGNS = {1, -1, -1, -1, 1, 1};

    @Test
    void outputsApplyReluSignsAndFactor() {
        double[] out = {9, 9, 9, 9};

        Activations.outputs(Z, 2, 3, SIGNS, 2, 0.5, out);

        // Sample 0: relu = (0.5, 0, 2), outputs (0.5 + 2, -0.5 + 2) / 2.
        // Sample 1: relu = (0, 3, 0), outputs (-3, -3) / 2.
        assertArrayEquals(new double[] {1.25, 0.75, -1.5, -1.5}, out, 1e-15);
    }

    @Test
    void residualInPlaceReturnsSquaredNorm() {
        double[] outputs = {1.0, 2.0, 3.0};
        double[] targets = {0.5, 2.0, 5.0};

        double norm = Activations.residualInPlace(outputs, targets, 3);

        assertArrayEquals(new double[] {0.5, 0.0, -2.0}, outputs, 0.0, "residuals");
        assertEquals(4.25, norm, 0.0, "squared norm");
    }

    @Test
    void backwardMasksByActivePattern() {
        double[] z = Z.clone();
        double[] residuals = {1.0, 2.0, -1.0, 0.5};

        Activations.backwardInPlace(z, 2, 3, residuals, SIGNS, 2);

        // Sample 0, residual (1, 2): <a_r, res> = (-1, -3, 3), neuron 1 inactive.
        // Sample 1, residual (-1, 0.5): (-1.5, 0.5, -0.5), neuron 2 inactive.
        // Neuron 0 of sample 1 has z = 0 and counts as active.
        assertArrayEquals(new double[] {-1.0, 0.0, 3.0, -1.5, 0.5, 0.0}, z, 0.0);
    }

    @Test
    void backwardFlushesSubnormalSignal() {
        double[] z = {1.0, 1.0};
        double[] residuals = {Double.MIN_NORMAL / 4};
        double[] signs = {1.0, -1.0};

        Activations.backwardInPlace(z, 1, 2, residuals, signs, 1);

        assertArrayEquals(new double[] {0.0, 0.0}, z, 0.0);
    }
}
