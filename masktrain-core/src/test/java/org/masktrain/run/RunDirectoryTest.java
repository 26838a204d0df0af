package org.masktrain.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.InvalidInputException;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.training.TestProblems;
import org.masktrain.training.Trainer;
import org.masktrain.training.TrainingConfig;

/** Reading a run directory back: its status, parameters and verified checkpoint. */
class RunDirectoryTest {

    private static final long SEED = 77L;
    private static final TrainingConfig CONFIG = TrainingConfig.builder().width(6).subnets(2)
            .localSteps(1).rounds(3).learningRate(1.0).seed(SEED).threads(1)
            .kernel(KernelChoice.JAVA).build();
    private static final Dataset TRAIN = TestProblems.dataset(SEED, 10, 3, 1);

    @TempDir
    Path dir;

    private Path completeRun() {
        Path run = dir.resolve("run");
        assertTrue(run.toFile().mkdir());
        ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("width", 6)
                .put("rounds", 3);
        try (RunRecorder recorder = new RunRecorder(run, TRAIN, null, parameters, Map.of())) {
            new Trainer(CONFIG).addListener(recorder)
                    .checkpointEvery(1, recorder.checkpointSink()).train(TRAIN, null);
        }
        return run;
    }

    @Test
    void completedRunIsComplete() {
        Path run = completeRun();

        assertEquals(RunDirectory.Status.COMPLETED, RunDirectory.open(run).status());
        assertTrue(RunDirectory.isComplete(run));
        assertTrue(RunDirectory.isFinished(run));
    }

    @Test
    void runWithoutSummaryIsUnfinished() throws IOException {
        Path run = completeRun();
        Files.delete(run.resolve(RunFiles.SUMMARY));

        assertEquals(RunDirectory.Status.UNFINISHED, RunDirectory.open(run).status());
        assertFalse(RunDirectory.isComplete(run));
        assertFalse(RunDirectory.isFinished(run));
    }

    @Test
    void earlyStopIsStopped() throws IOException {
        Path run = completeRun();
        Files.writeString(run.resolve(RunFiles.SUMMARY), "{\"status\": \"interrupted\"}");

        RunDirectory directory = RunDirectory.open(run);

        assertEquals(RunDirectory.Status.STOPPED, directory.status());
        assertEquals("interrupted", directory.summaryStatus());
        assertTrue(RunDirectory.isFinished(run));
        assertFalse(RunDirectory.isComplete(run));
    }

    @Test
    void missingOrForeignDirectoryIsNotComplete() throws IOException {
        assertFalse(RunDirectory.isComplete(dir.resolve("absent")));
        assertFalse(RunDirectory.isComplete(dir));
        assertFalse(RunDirectory.isFinished(dir.resolve("absent")));
        assertFalse(RunDirectory.isFinished(dir));
        assertThrows(InvalidInputException.class, () -> RunDirectory.open(dir));
    }

    @Test
    void parametersLeaveOutProvenance() {
        RunDirectory directory = RunDirectory.open(completeRun());

        assertEquals("{\"width\":6,\"rounds\":3}", directory.parameters().toString());
        assertTrue(directory.provenance().has("train_samples"), directory.provenance()::toString);
    }

    @Test
    void configDigestIgnoresRoundsAndPeriod() {
        ObjectNode base = JsonNodeFactory.instance.objectNode().put("width", 6).put("rounds", 3)
                .put("checkpoint-every", 1);
        ObjectNode longer = base.deepCopy().put("rounds", 30).put("checkpoint-every", 5);
        ObjectNode wider = base.deepCopy().put("width", 7);

        assertArrayEquals(RunDirectory.configDigest(base), RunDirectory.configDigest(longer));
        assertFalse(java.util.Arrays.equals(RunDirectory.configDigest(base),
                RunDirectory.configDigest(wider)));
    }

    @Test
    void verifiedCheckpointMatchesConfigurationAndData() {
        RunDirectory directory = RunDirectory.open(completeRun());
        Dataset other = TestProblems.dataset(SEED + 1, 10, 3, 1);

        assertEquals(3, directory.verifiedCheckpoint(directory.parameters(), CONFIG, TRAIN,
                null).orElseThrow().state().round());
        InvalidInputException data = assertThrows(InvalidInputException.class,
                () -> directory.verifiedCheckpoint(directory.parameters(), CONFIG, other,
                        null));
        assertTrue(data.getMessage().contains("data loaded differs"), data.getMessage());
        ObjectNode changed = directory.parameters().put("width", 60);
        InvalidInputException config = assertThrows(InvalidInputException.class,
                () -> directory.verifiedCheckpoint(changed, CONFIG, TRAIN, null));
        assertTrue(config.getMessage().contains("no longer matches"), config.getMessage());
    }
}
