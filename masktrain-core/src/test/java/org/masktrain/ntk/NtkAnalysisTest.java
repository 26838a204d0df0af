package org.masktrain.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.JavaKernel;
import org.masktrain.masks.RoundMasks;
import org.masktrain.model.Network;
import org.masktrain.random.RandomStreams;
import org.masktrain.training.TestProblems;
import org.masktrain.training.TrainingConfig;

/** The NTK analysis uses the W_0 and masks that training with the same options uses. */
class NtkAnalysisTest {

    private static final Dataset DATA = TestProblems.dataset(9L, 40, 6, 2);

    @Test
    void analysisUsesTrainingInitializationAndMasks() {
        TrainingConfig config = DivergenceRuleTest.config(0.5, 3);
        NtkAnalysis.Report report = NtkAnalysis.run(new NtkAnalysis.Request(DATA, config, true,
                5, EigenSolver.Settings.defaults()));

        Network initial = Network.initialize(config.width(), DATA.d(), DATA.c(), config.kappa(),
                new RandomStreams(config.seed()));
        try (FiniteWidthNtk full = FiniteWidthNtk.full(DATA.x(), initial.weights(),
                config.meanKeepProbability(), new JavaKernel(), 1)) {
            double expected = DenseEigen.extremes(full.toDense(), DATA.n()).min();
            assertEquals(expected, report.finite().eigenvalues().min(), 1e-12, "H(0) lambda_min");
        }

        // Five masks of two sub-networks per round come from rounds 0, 1 and 2.
        assertEquals(5, report.masked().size(), "masked NTKs");
        RoundMasks round2 = NtkAnalysis.sampler(config, new RandomStreams(config.seed()))
                .sample(2);
        assertEquals("round 2, sub-network 0, " + round2.active()[0].length + " neurons",
                report.masked().get(4).detail(), "detail of the fifth mask");
        try (FiniteWidthNtk masked = FiniteWidthNtk.masked(DATA.x(), initial.weights(),
                round2.active()[0], new JavaKernel(), 1);
                InfiniteWidthNtk closedForm = new InfiniteWidthNtk(DATA.x(),
                        config.meanKeepProbability(), new JavaKernel(), 1)) {
            assertEquals(masked.frobeniusDistance(closedForm),
                    report.masked().get(4).frobeniusDistance(), 1e-12, "Frobenius distance");
            double[] dense = masked.toDense();
            double[] closed = closedForm.toDense();
            for (int i = 0; i < dense.length; i++) {
                dense[i] -= closed[i];
            }
            DenseEigen.ExtremePairs difference = DenseEigen.extremes(dense, DATA.n());
            double spectral = Math.max(-difference.min(), difference.max());
            assertEquals(spectral, report.masked().get(4).spectralDistance(), 1e-12,
                    "spectral distance");
        }
        assertTrue(Double.isNaN(report.infinite().spectralDistance()),
                "the closed form has no distance from itself");
    }

    @Test
    void closedFormAloneWhenNothingElseRequested() {
        TrainingConfig config = DivergenceRuleTest.config(0.5, 3);
        NtkAnalysis.Report report = NtkAnalysis.run(new NtkAnalysis.Request(DATA, config, false,
                0, EigenSolver.Settings.defaults()));

        assertNull(report.finite(), "no H(0)");
        assertEquals(0, report.masked().size(), "no masked NTKs");
        assertEquals(report.infinite().eigenvalues().min(), report.theory().stepSizeScale()
                * Math.max(DATA.n(), config.subnetworks()) * DATA.n() * config.localSteps(),
                1e-15, "the step-size scale is built from lambda_0");
    }
}
