package org.masktrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Checks the factors that scaling and reduction put into outputs and gradients. */
class ScalingAndReductionTest {

    @Test
    void paperScalingScalesFullNetwork() {
        assertEquals(0.4, Scaling.PAPER.fullNetworkFactor(0.4), 0.0, "full network");
        assertEquals(1.0, Scaling.PAPER.subnetworkFactor(0.4), 0.0, "sub-network");
    }

    @Test
    void invertedScalingScalesSubnetworks() {
        assertEquals(1.0, Scaling.INVERTED.fullNetworkFactor(0.4), 0.0, "full network");
        assertEquals(2.5, Scaling.INVERTED.subnetworkFactor(0.4), 1e-15, "sub-network");
    }

    @Test
    void sumReductionScalesBatchUp() {
        assertEquals(1.0, Reduction.SUM.batchFactor(30, 30), 0.0, "full batch");
        assertEquals(6.0, Reduction.SUM.batchFactor(30, 5), 0.0, "batch of 5");
    }

    @Test
    void meanReductionDividesByBatch() {
        assertEquals(1.0 / 30, Reduction.MEAN.batchFactor(30, 30), 0.0, "full batch");
        assertEquals(0.2, Reduction.MEAN.batchFactor(30, 5), 0.0, "batch of 5");
    }

    @Test
    void labelsAreLowerCase() {
        assertEquals("paper", Scaling.PAPER.label(), "PAPER");
        assertEquals("inverted", Scaling.INVERTED.label(), "INVERTED");
        assertEquals("sum", Reduction.SUM.label(), "SUM");
        assertEquals("mean", Reduction.MEAN.label(), "MEAN");
    }
}
