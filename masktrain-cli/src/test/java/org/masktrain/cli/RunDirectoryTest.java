package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.cli.CliAssertions.assertNoRunsFolder;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.data.DataRequest;
import org.masktrain.io.NpyArray;
import org.masktrain.io.NpzReader;
import org.masktrain.training.TrainingConfig;

/** The run directory of {@code masktrain train}: its files, their shapes and columns. */
class RunDirectoryTest {

    /** Pixels of a Fashion-MNIST image, 28 x 28. */
    private static final int PIXELS = 784;
    /** Fashion-MNIST classes. */
    private static final int CLASSES = 10;

    /**
     * The README's first command, {@code masktrain train}, with only {@code --out} added: the
     * embedded data and every default. It is the slowest test here, an estimated 10 to 25 s
     * on two cores.
     */
    @Test
    void defaultRunWritesEveryFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");

        Cli.Result result = TrainArgs.none().out(out).run();

        assertSucceeded(result);
        assertTrue(result.out().contains("run directory: " + out), result::describe);
        assertNoRunsFolder();
        int rounds = TrainingConfig.DEFAULT_ROUNDS;
        int subnets = TrainingConfig.DEFAULT_SUBNETWORKS;
        int localSteps = TrainingConfig.DEFAULT_LOCAL_STEPS;
        int width = TrainingConfig.DEFAULT_WIDTH;
        int samples = DataRequest.DEFAULT_MAX_SAMPLES;
        int trainSamples = samples
                - (int) Math.round(DataOptions.DEFAULT_TEST_FRACTION * samples);
        RunOutput run = new RunOutput(out);

        // config.json: the resolved defaults.
        JsonNode config = run.config();
        assertEquals(rounds, config.get("rounds").asInt());
        assertEquals(width, config.get("width").asInt());
        assertEquals(trainSamples, config.get("provenance").get("train_samples").asInt());

        // metrics.csv: rounds 0..K, and the loss falls.
        assertEquals("round,loss,mse", String.join(",", run.metricsHeader().subList(0, 3)));
        List<String> losses = run.losses();
        assertEquals(rounds + 1, losses.size());
        double initialLoss = Double.parseDouble(losses.get(0));
        double finalLoss = Double.parseDouble(losses.get(rounds));
        assertTrue(finalLoss < initialLoss, "final loss " + finalLoss + " >= " + initialLoss);

        // local.csv: every sub-network's loss after sampling and after each local step.
        List<String> local = Files.readAllLines(out.resolve("local.csv"));
        assertEquals("round,subnet,step,loss", local.get(0));
        assertEquals(rounds * subnets * (localSteps + 1), local.size() - 1);

        // trace.npz: data as trained on, initial weights and every mask.
        try (NpzReader trace = NpzReader.open(out.resolve("trace.npz"))) {
            assertArrayEquals(new long[] {trainSamples, PIXELS}, trace.read("X").shape());
            assertArrayEquals(new long[] {trainSamples, CLASSES}, trace.read("Y").shape());
            assertArrayEquals(new long[] {width, PIXELS}, trace.read("W0").shape());
            assertArrayEquals(new long[] {width, CLASSES}, trace.read("a").shape());
            NpyArray masks = trace.read("masks");
            assertArrayEquals(new long[] {rounds, subnets, width}, masks.shape());
            for (double value : masks.data()) {
                assertTrue(value == 0 || value == 1, "mask entry " + value);
            }
        }

        // summary.json: the losses, the timing and the file paths.
        JsonNode summary = run.summary();
        assertEquals(initialLoss, summary.get("initial_loss").asDouble());
        assertEquals(finalLoss, summary.get("final_loss").asDouble());
        assertEquals(rounds, summary.get("rounds").asInt());
        assertTrue(summary.get("wall_seconds").asDouble() > 0, summary::toString);
        assertTrue(summary.get("files").has("trace"), summary::toString);
        assertFalse(Files.exists(out.resolve("masks.part")), "masks.part left behind");
    }

    @Test
    void testFractionAddsTestColumns(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");

        Cli.Result result = TrainArgs.small().set("--test-fraction", "0.25").out(out).run();

        assertSucceeded(result);
        List<String> header = new RunOutput(out).metricsHeader();
        assertTrue(header.contains("test_loss"), header::toString);
        assertTrue(header.contains("test_accuracy"), header::toString);
        JsonNode provenance = new RunOutput(out).config().get("provenance");
        assertEquals(15, provenance.get("test_samples").asInt());
        assertTrue(result.out().contains("held-out: "), result::describe);
    }

    @Test
    void testFractionZeroHasNoTestColumns(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");

        Cli.Result result = TrainArgs.small().set("--test-fraction", "0").out(out).run();

        assertSucceeded(result);
        List<String> header = new RunOutput(out).metricsHeader();
        assertTrue(header.stream().noneMatch(name -> name.startsWith("test_")),
                header::toString);
        assertFalse(result.out().contains("held-out: "), result::describe);
        try (NpzReader trace = NpzReader.open(out.resolve("trace.npz"))) {
            assertFalse(trace.contains("X_test"), trace.keys()::toString);
        }
    }

    /** A --out through a missing folder and .. names the same place for every file. */
    @Test
    void outWithParentStepIsNormalized(@TempDir Path dir) {
        Path out = dir.resolve("missing").resolve("..").resolve("run");

        Cli.Result result = TrainArgs.small().set("--rounds", "2").out(out).run();

        assertSucceeded(result);
        assertTrue(Files.isRegularFile(dir.resolve("run").resolve("metrics.csv")),
                result::describe);
        assertFalse(Files.exists(dir.resolve("missing")), result::describe);
    }
}
