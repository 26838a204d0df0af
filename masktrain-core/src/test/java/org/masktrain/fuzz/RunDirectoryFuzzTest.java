package org.masktrain.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.run.Checkpoint;
import org.masktrain.run.RunDirectory;
import org.masktrain.run.RunFiles;
import org.masktrain.run.RunRecorder;
import org.masktrain.training.TestProblems;
import org.masktrain.training.Trainer;
import org.masktrain.training.TrainingConfig;

/**
 * Fuzzes the resume path with run directories whose files were damaged. One of config.json,
 * summary.json, metrics.csv, local.csv or checkpoint.npz of a run killed after round 2 is
 * replaced by a mutation. The directory is then opened, its checkpoint verified and the run
 * resumed to the end. Every step must succeed or throw
 * {@link org.masktrain.InvalidInputException}, within the bounds of {@link FuzzHarness}.
 * Inputs that once failed are replayed from {@code src/test/resources/fuzz/run-<file>}.
 */
class RunDirectoryFuzzTest {

    static final int DEFAULT_ITERATIONS = 300;
    private static final long SEED = 4_241L;
    private static final Path REGRESSIONS = Path.of("src", "test", "resources", "fuzz");
    private static final Path FAILURES = Path.of("target", "fuzz-failures");
    private static final TrainingConfig CONFIG = TrainingConfig.builder().width(8).subnets(2)
            .localSteps(2).rounds(5).learningRate(1.0).seed(SEED).threads(1)
            .kernel(KernelChoice.JAVA).build();
    private static final Dataset TRAIN = TestProblems.dataset(SEED, 12, 4, 2);
    private static final Dataset TEST = TestProblems.dataset(SEED + 1, 4, 4, 2);

    @TempDir
    static Path work;

    private static Path killed;
    private static FuzzHarness harness;
    private static int runs;

    @BeforeAll
    static void writeKilledRun() throws IOException {
        harness = new FuzzHarness(work, FAILURES);
        killed = work.resolve("killed");
        Files.createDirectory(killed);
        // A run whose process died after round 2's checkpoint, with round 3's rows written.
        RunRecorder recorder = new RunRecorder(killed, TRAIN, TEST, parameters(), Map.of());
        Trainer trainer = new Trainer(CONFIG).addListener(recorder).checkpointEvery(2,
                recorder.checkpointSink()).addListener(new org.masktrain.training
                        .TrainingListener() {
                            @Override
                            public void onRound(org.masktrain.training.RoundRecord record) {
                                if (record.round() == 3) {
                                    throw new IllegalStateException("killed");
                                }
                            }
                        });
        try {
            trainer.train(TRAIN, TEST);
        } catch (IllegalStateException e) {
            recorder.close();
        }
    }

    @AfterAll
    static void stopHarness() {
        harness.close();
    }

    static ObjectNode parameters() {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        parameters.put("width", CONFIG.width());
        parameters.put("rounds", CONFIG.rounds());
        parameters.put("seed", CONFIG.seed());
        return parameters;
    }

    static Stream<String> files() {
        return Stream.of(RunFiles.CONFIG, RunFiles.METRICS, RunFiles.LOCAL, RunFiles.CHECKPOINT,
                RunFiles.SUMMARY);
    }

    /** Copies the killed run, puts {@code file}'s content in place of {@code name}, resumes. */
    private static void resumeWith(String name, Path file) throws IOException {
        Path run = work.resolve("run-" + runs++);
        Files.createDirectory(run);
        for (String each : List.of(RunFiles.CONFIG, RunFiles.METRICS, RunFiles.LOCAL,
                RunFiles.CHECKPOINT, RunFiles.MASKS_PART)) {
            Files.copy(killed.resolve(each), run.resolve(each));
        }
        Files.copy(file, run.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            RunDirectory directory = RunDirectory.open(run);
            directory.status();
            directory.provenance();
            Optional<Checkpoint> checkpoint = directory.verifiedCheckpoint(
                    directory.parameters(), CONFIG, TRAIN, TEST);
            if (checkpoint.isEmpty()) {
                return;
            }
            try (RunRecorder recorder = new RunRecorder(run, TRAIN, TEST,
                    directory.parameters(), Map.of())) {
                recorder.resumeFrom(checkpoint.get().state(), CONFIG);
                new Trainer(CONFIG).resumeFrom(checkpoint.get().state()).addListener(recorder)
                        .checkpointEvery(CONFIG.rounds(), recorder.checkpointSink())
                        .train(TRAIN, TEST);
            }
        } finally {
            org.masktrain.fuzz.FuzzFiles.deleteTree(run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    @Timeout(300)
    void damagedRunFilesAreRejectedCleanly(String name) throws Exception {
        int iterations = Integer.getInteger("masktrain.fuzz.iterations", DEFAULT_ITERATIONS * 5)
                / 5;
        byte[] seedInput = name.equals(RunFiles.SUMMARY)
                ? "{\"status\": \"failed\", \"rounds\": 2}\n".getBytes()
                : Files.readAllBytes(killed.resolve(name));
        long seed = SEED ^ name.hashCode();
        long start = System.nanoTime();

        List<FuzzHarness.Failure> failures = harness.fuzz("run-" + name,
                file -> resumeWith(name, file), List.of(seedInput), "input", iterations, seed);

        System.out.printf("fuzz run directory %s: %d inputs in %.1f s, seed %d%n", name,
                iterations, (System.nanoTime() - start) / 1e9, seed);
        assertEquals(List.of(), failures, "seed " + seed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void savedRunFilesAreRejectedCleanly(String name) throws Exception {
        Path folder = REGRESSIONS.resolve("run-" + name);
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<FuzzHarness.Failure> failures = new ArrayList<>();
        try (Stream<Path> inputs = Files.list(folder)) {
            for (Path input : inputs.sorted().toList()) {
                FuzzHarness.Failure failure = harness.check("run-" + name,
                        file -> resumeWith(name, file), Files.readAllBytes(input), "input",
                        input.getFileName().toString());
                if (failure != null) {
                    failures.add(failure);
                }
            }
        }
        assertEquals(List.of(), failures);
    }
}
