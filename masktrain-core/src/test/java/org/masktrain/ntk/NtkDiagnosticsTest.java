package org.masktrain.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.JavaKernel;
import org.masktrain.linalg.Matrix;
import org.masktrain.masks.RoundMasks;
import org.masktrain.training.RecordingListener;
import org.masktrain.training.TestProblems;
import org.masktrain.training.Trainer;
import org.masktrain.training.TrainingConfig;
import org.masktrain.training.TrainingResult;

/** The NTK diagnostics of a training run against values computed from the run's record. */
class NtkDiagnosticsTest {

    private static final Dataset DATA = TestProblems.dataset(3L, 30, 8, 2);

    @Test
    void diagnosticsMatchIndependentComputation(@TempDir Path dir) throws IOException {
        TrainingConfig config = DivergenceRuleTest.config(0.5, 4);
        Path csv = dir.resolve(NtkDiagnostics.FILE);
        RecordingListener recording = new RecordingListener();
        TrainingResult result;
        Map<String, Object> fields;
        try (NtkDiagnostics diagnostics = new NtkDiagnostics(DATA, 2, csv,
                EigenSolver.Settings.defaults())) {
            result = new Trainer(config).addListener(recording).addListener(diagnostics)
                    .train(DATA, null);
            fields = diagnostics.summaryFields();
        }

        // Rounds 0 and 2 (every second) and 3 (the last) are measured, p + 1 rows each.
        List<String> lines = Files.readAllLines(csv);
        assertEquals("round,subnet,active_neurons,ntk_min_start,ntk_min_end,max_weight_drift,"
                + "flipped_share", lines.get(0), "header");
        assertEquals(1 + 3 * (config.subnetworks() + 1), lines.size(), "rows: " + lines);
        assertEquals(3, fields.get("diagnosed_rounds"), "diagnosed rounds");

        // Round 0, sub-network 0 starts from W_0 restricted to its mask.
        RoundMasks masks = recording.rounds().get(1).masks();
        Matrix w0 = result.initial().weights();
        double expectedStart;
        try (FiniteWidthNtk masked = FiniteWidthNtk.masked(DATA.x(), w0, masks.active()[0],
                new JavaKernel(), 1)) {
            expectedStart = DenseEigen.smallest(masked.toDense(), DATA.n());
        }
        String[] first = lines.get(1).split(",");
        assertEquals("0", first[0], "round of the first row");
        assertEquals("0", first[1], "sub-network of the first row");
        assertEquals(masks.active()[0].length, Integer.parseInt(first[2]), "active neurons");
        assertEquals(expectedStart, Double.parseDouble(first[3]), 1e-12, "ntk_min_start");

        // The last full row's drift is that of the trained W_K.
        String[] last = lines.get(lines.size() - 1).split(",");
        assertEquals("3", last[0], "round of the last row");
        assertEquals("full", last[1], "last row");
        double drift = 0.0;
        Matrix trained = result.trained().weights();
        for (int r = 0; r < trained.rows(); r++) {
            double sum = 0.0;
            for (int j = 0; j < trained.cols(); j++) {
                double delta = trained.get(r, j) - w0.get(r, j);
                sum += delta * delta;
            }
            drift = Math.max(drift, Math.sqrt(sum));
        }
        assertEquals(drift, Double.parseDouble(last[5]), 1e-12, "drift of W_K");

        for (String key : List.of("lambda0", "radius_R", "masked_ntk_min", "max_weight_drift",
                "flipped_share", "rate_theory", "rate_measured")) {
            assertNotNull(fields.get(key), "summary field " + key);
        }
        double lambda0 = (Double) fields.get("lambda0");
        assertEquals(config.kappa() * lambda0 / (8.0 * DATA.n()), (Double) fields.get("radius_R"),
                1e-18, "R = kappa lambda_0 / (8n)");
        assertTrue((Double) fields.get("max_weight_drift") >= drift, "largest drift");
    }

    /** With a tiny step the weights stay within R and no activation pattern flips. */
    @Test
    void tinyStepStaysInsideRadius() {
        TrainingConfig config = DivergenceRuleTest.config(1e-9, 3);
        Map<String, Object> fields;
        try (NtkDiagnostics diagnostics = new NtkDiagnostics(DATA, 1, null,
                EigenSolver.Settings.defaults())) {
            new Trainer(config).addListener(diagnostics).train(DATA, null);
            fields = diagnostics.summaryFields();
        }
        double drift = (Double) fields.get("max_weight_drift");
        double radius = (Double) fields.get("radius_R");
        assertTrue(drift < radius, "drift " + drift + " against R " + radius);
        assertEquals(0.0, (Double) fields.get("flipped_share"), 0.0, "flipped share");
        assertEquals(0.0, (Double) fields.get("flipped_share_max"), 0.0, "largest flipped share");
        double rate = (Double) fields.get("rate_measured");
        assertTrue(rate <= 1.0, "contraction of a tiny step: " + rate);
        assertTrue(rate > 0.999, "contraction of a tiny step: " + rate);
    }

    /** Without a period only lambda_0 and the theorems' numbers are computed. */
    @Test
    void theoryOnlyModeSkipsDiagnostics() {
        TrainingConfig config = DivergenceRuleTest.config(0.5, 2);
        Map<String, Object> fields;
        try (NtkDiagnostics diagnostics = new NtkDiagnostics(DATA, 0, null,
                EigenSolver.Settings.defaults())) {
            new Trainer(config).addListener(diagnostics).train(DATA, null);
            fields = diagnostics.summaryFields();
            assertEquals("Corollary 3 (IST with Bernoulli masks)",
                    diagnostics.theory().result(), "result");
        }
        assertNotNull(fields.get("lambda0"), "lambda0");
        assertNotNull(fields.get("rate_theory"), "rate_theory");
        assertTrue(!fields.containsKey("masked_ntk_min"), "no diagnostics: " + fields.keySet());
    }
}
