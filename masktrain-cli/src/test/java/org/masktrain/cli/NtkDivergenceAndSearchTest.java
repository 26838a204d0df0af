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
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.linalg.Matrix;

/** Divergence detection and the step-size search of {@code train}. */
class NtkDivergenceAndSearchTest {

    private static final int FAILURE = 1;

    /**
     * Zero-mean Gaussian inputs with raw targets: at --lr 5 and sum reduction the loss grows by
     * orders of magnitude every round but stays finite for many rounds.
     */
    private static TrainArgs growingRun(Path dir) throws IOException {
        Path data = DataFiles.npz(dir.resolve("signed.npz"), "X", gaussian(40, 8, 4L), "Y",
                DataFiles.randomMatrix(40, 2, 5L));
        return TrainArgs.small().set("--data", data.toString()).set("--targets", "raw")
                .set("--test-fraction", "0").set("--local-steps", "3").set("--rounds", "10")
                .set("--reduction", "sum").set("--lr", "5").flag("--no-theory");
    }

    @Test
    void growingLossStopsWithSuggestion(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Cli.Result result = growingRun(dir).out(out).run();

        assertEquals(FAILURE, result.status(), result::describe);
        List<String> errors = result.errLines().stream()
                .filter(line -> line.startsWith("masktrain: training diverged")).toList();
        assertEquals(1, errors.size(), result::describe);
        String message = errors.get(0);
        assertTrue(message.contains("for 3 consecutive rounds"), message);
        assertTrue(message.contains("try --lr 1.25"), message);
        assertFalse(result.err().contains("Exception"), result::describe);

        // Rounds 0 to 3 finished, so their metrics stay.
        List<String> rows = new RunOutput(out).metricsRows();
        assertEquals(4, rows.size(), "metrics rows: " + rows);
        assertTrue(result.err().contains("the 3 finished rounds are kept in"), result::describe);
        assertTrue(java.nio.file.Files.readString(out.resolve("summary.json"))
                .contains("\"status\" : \"diverged\""), "summary.json status");
        assertTrue(java.nio.file.Files.exists(out.resolve("trace.npz")), "trace of 3 rounds");
    }

    @Test
    void patienceZeroLetsGrowingRunFinish(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Cli.Result result = growingRun(dir).set("--divergence-patience", "0").out(out).run();

        assertSucceeded(result);
        assertEquals(11, new RunOutput(out).metricsRows().size(), "rounds 0 to 10");
    }

    @Test
    void badDivergenceFactorIsRejected(@TempDir Path dir) {
        Path out = dir.resolve("run");
        Cli.Result result = TrainArgs.small().set("--divergence-factor", "1").out(out).run();

        CliAssertions.assertRejected(result, out, List.of("--divergence-factor", "above 1"));
    }

    @Test
    void lrSearchRecordsChosenStep(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Cli.Result result = TrainArgs.small().set("--lr", "1e7").set("--reduction", "sum")
                .flag("--lr-search").out(out).run();

        assertSucceeded(result);
        Matcher matcher = Pattern.compile("step-size search: --lr (\\S+) after (\\d+) halving")
                .matcher(result.out());
        assertTrue(matcher.find(), result::describe);
        double chosen = Double.parseDouble(matcher.group(1));
        int halvings = Integer.parseInt(matcher.group(2));
        assertTrue(halvings > 0, "1e7 must be too large");
        assertEquals(1e7 / Math.pow(2, halvings), chosen, 0.0, "chosen step");

        JsonNode config = new RunOutput(out).config();
        assertEquals(chosen, config.get("lr").asDouble(), 0.0, "config.json lr");
        JsonNode search = config.get("provenance").get("lr_search");
        assertEquals(1e7, search.get("start_lr").asDouble(), 0.0, "start_lr");
        assertEquals(chosen, search.get("chosen_lr").asDouble(), 0.0, "chosen_lr");
        assertEquals(halvings + 1, search.get("trials").size(), "trials");
        JsonNode accepted = search.get("trials").get(halvings);
        assertTrue(accepted.get("loss_after_one_round").asDouble()
                <= accepted.get("initial_loss").asDouble(), accepted.toString());
        List<String> losses = new RunOutput(out).losses();
        assertEquals(accepted.get("initial_loss").asDouble(), Double.parseDouble(losses.get(0)),
                0.0, "the run starts from the searched initialization");
        assertTrue(Files.exists(out.resolve("summary.json")), "the run finished");
    }

    private static Matrix gaussian(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[rows * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = random.nextGaussian();
        }
        return new Matrix(rows, cols, values);
    }
}
