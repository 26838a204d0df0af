package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} with NTK diagnostics and the theorems' numbers. */
class NtkTrainDiagnosticsTest {

    @Test
    void diagnosticsFillSummaryAndCsv(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Cli.Result result = TrainArgs.small().set("--diagnostics-every", "1").out(out).run();

        assertSucceeded(result);
        JsonNode summary = new RunOutput(out).summary();
        for (String key : List.of("lambda0", "lambda_max", "radius_R", "masked_ntk_min",
                "max_weight_drift", "flipped_share", "rate_theory", "rate_measured")) {
            assertTrue(summary.has(key), "summary.json field " + key + ": " + summary);
            assertTrue(summary.get(key).isNumber(), "summary.json field " + key + ": " + summary);
        }
        double lambda0 = summary.get("lambda0").asDouble();
        double kappa = new RunOutput(out).config().get("kappa").asDouble();
        // TrainArgs.small() trains on 60 samples, 48 after the default held-out fraction.
        assertEquals(kappa * lambda0 / (8 * 48), summary.get("radius_R").asDouble(), 1e-18,
                "R = kappa lambda_0 / (8n)");
        assertTrue(summary.get("theory").get("verdict").asText().contains("order-of-magnitude"),
                summary.toString());

        List<String> lines = Files.readAllLines(out.resolve("diagnostics.csv"));
        // Two rounds, two sub-networks and the full network each.
        assertEquals(1 + 2 * 3, lines.size(), "rows of diagnostics.csv: " + lines);
        assertTrue(lines.get(3).startsWith("0,full,20,"), lines.get(3));

        assertTrue(result.out().contains("NTK: lambda_0 = "), result::describe);
        assertTrue(result.out().contains("diagnostics (diagnostics.csv): smallest masked NTK "
                + "eigenvalue"), result::describe);
        assertTrue(result.out().contains("theory, Corollary 3 (IST with Bernoulli masks): rate"),
                result::describe);
    }

    @Test
    void theoryIsOnByDefaultForSmallData(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Cli.Result result = TrainArgs.small().out(out).run();

        assertSucceeded(result);
        JsonNode summary = new RunOutput(out).summary();
        assertTrue(summary.get("lambda0").isNumber(), summary.toString());
        assertTrue(summary.get("rate_theory").isNumber(), summary.toString());
        assertFalse(summary.has("masked_ntk_min"), summary.toString());
        assertFalse(Files.exists(out.resolve("diagnostics.csv")), "no diagnostics.csv");
    }

    @Test
    void noTheoryLeavesSummaryPlain(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Cli.Result result = TrainArgs.small().flag("--no-theory").out(out).run();

        assertSucceeded(result);
        assertFalse(new RunOutput(out).summary().has("lambda0"), "no lambda0");
        assertFalse(result.out().contains("theory,"), result::describe);
    }

    @Test
    void negativePeriodIsRejected(@TempDir Path dir) {
        Path out = dir.resolve("run");
        Cli.Result result = TrainArgs.small().set("--diagnostics-every", "-2").out(out).run();

        CliAssertions.assertRejected(result, out, List.of("--diagnostics-every", "-2"));
    }
}
