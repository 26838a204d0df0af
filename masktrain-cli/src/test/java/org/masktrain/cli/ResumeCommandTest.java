package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.cli.CliAssertions.BAD_INPUT;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code masktrain train --resume DIR}: continuing a stopped run, and rejecting run directories
 * that are complete, damaged, changed or linked elsewhere.
 */
class ResumeCommandTest {

    @TempDir
    Path dir;

    private Path reference;

    private static TrainArgs args() {
        return TrainArgs.small().set("--rounds", "6").set("--seed", "3").flag("--no-theory",
                "--quiet");
    }

    @BeforeEach
    void runReference() {
        reference = dir.resolve("reference");
        assertSucceeded(args().out(reference).run());
    }

    /** Copies the reference run and makes it look killed after {@code round}. */
    private Path killedCopy(String name, int round) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectory(copy);
        for (String file : List.of("config.json", "metrics.csv", "local.csv")) {
            Files.copy(reference.resolve(file), copy.resolve(file));
        }
        // A checkpoint of an earlier round, as a kill after that round would leave it.
        Path partial = dir.resolve(name + "-partial");
        assertSucceeded(args().set("--rounds", Integer.toString(round)).out(partial).run());
        Files.copy(partial.resolve("checkpoint.npz"), copy.resolve("checkpoint.npz"));
        // A row cut short by the kill.
        Files.writeString(copy.resolve("metrics.csv"), "7,12.5", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        return copy;
    }

    @Test
    void resumeEqualsUninterruptedRun() throws IOException {
        Path killed = killedCopy("killed", 2);

        Cli.Result result = Cli.run("train", "--resume", killed.toString(), "--quiet");

        assertSucceeded(result);
        assertTrue(result.out().contains("resuming " + killed + " after round 2 of 6"),
                result::describe);
        RunComparison.assertSameResults(reference, killed);
    }

    @Test
    void completeRunIsLeftAlone() throws IOException {
        byte[] before = Files.readAllBytes(reference.resolve("metrics.csv"));

        Cli.Result result = Cli.run("train", "--resume", reference.toString());

        assertSucceeded(result);
        assertTrue(result.out().contains("already complete"), result::describe);
        assertTrue(result.out().contains("give --rounds N"), result::describe);
        assertEquals(new String(before, StandardCharsets.UTF_8),
                Files.readString(reference.resolve("metrics.csv")));
    }

    @Test
    void completeRunIsExtendedByRounds() throws IOException {
        Path longer = dir.resolve("longer");
        assertSucceeded(args().set("--rounds", "9").out(longer).run());

        Cli.Result result = Cli.run("train", "--resume", reference.toString(), "--rounds", "9",
                "--quiet");

        assertSucceeded(result);
        assertTrue(result.out().contains("after round 6 of 9"), result::describe);
        RunComparison.assertSameResults(longer, reference);
        assertTrue(Files.readString(reference.resolve("config.json")).contains("\"rounds\" : 9"),
                "config.json rounds");
    }

    @Test
    void fewerRoundsAreRejected() {
        Cli.Result result = Cli.run("train", "--resume", reference.toString(), "--rounds", "4");

        assertBadInput(result, "--rounds 4", "can only extend");
    }

    @Test
    void loweredConfigRoundsAreNamed() throws IOException {
        Path killed = killedCopy("killed", 4);
        Path config = killed.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"rounds\" : 6",
                "\"rounds\" : 3"));

        Cli.Result result = Cli.run("train", "--resume", killed.toString());

        assertBadInput(result, "round 4", "config.json was lowered");
        assertFalse(result.err().contains("damaged"), result::describe);
    }

    @Test
    void malformedMetricsRowIsNamed() throws IOException {
        Path killed = killedCopy("killed", 2);
        Path metrics = killed.resolve("metrics.csv");
        Files.writeString(metrics, Files.readString(metrics).replaceFirst("\n1,", "\n1;"));

        Cli.Result result = Cli.run("train", "--resume", killed.toString());

        assertBadInput(result, "line 3", "malformed");
    }

    @Test
    void optionBesideResumeIsRejected() throws IOException {
        Path killed = killedCopy("killed", 2);

        Cli.Result result = Cli.run("train", "--resume", killed.toString(), "--width", "5");

        assertBadInput(result, "--width", "cannot be given with it");
    }

    @Test
    void damagedCheckpointIsReportedNotLoaded() throws IOException {
        Path killed = killedCopy("killed", 2);
        Path checkpoint = killed.resolve("checkpoint.npz");
        byte[] bytes = Files.readAllBytes(checkpoint);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(checkpoint, bytes);
        String metrics = Files.readString(killed.resolve("metrics.csv"));

        Cli.Result result = Cli.run("train", "--resume", killed.toString());

        assertBadInput(result, "checkpoint.npz", "damaged and was not loaded");
        assertEquals(metrics, Files.readString(killed.resolve("metrics.csv")),
                "metrics.csv changed");
    }

    @Test
    void truncatedCheckpointIsReportedNotLoaded() throws IOException {
        Path killed = killedCopy("killed", 2);
        Path checkpoint = killed.resolve("checkpoint.npz");
        byte[] bytes = Files.readAllBytes(checkpoint);
        Files.write(checkpoint, java.util.Arrays.copyOf(bytes, bytes.length / 3));

        Cli.Result result = Cli.run("train", "--resume", killed.toString());

        assertBadInput(result, "checkpoint.npz", "damaged and was not loaded");
    }

    @Test
    void missingMetricsIsRejected() throws IOException {
        Path killed = killedCopy("killed", 2);
        Files.delete(killed.resolve("metrics.csv"));

        Cli.Result result = Cli.run("train", "--resume", killed.toString());

        assertBadInput(result, "metrics.csv is missing");
    }

    @Test
    void changedConfigIsRejected() throws IOException {
        Path killed = killedCopy("killed", 2);
        Path config = killed.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"kappa\" : 1.0",
                "\"kappa\" : 2.0"));

        Cli.Result result = Cli.run("train", "--resume", killed.toString());

        assertBadInput(result, "config.json", "no longer matches");
    }

    @Test
    void changedDataIsRejected() throws IOException {
        Path data = dir.resolve("data.csv");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            rows.append(i + 1).append(",1,").append(i % 3).append('\n');
        }
        Files.writeString(data, rows);
        Path run = dir.resolve("csv-run");
        assertSucceeded(args().set("--data", data.toString()).out(run).run());
        Files.delete(run.resolve("summary.json"));
        Files.writeString(data, rows.toString().replaceFirst("1,1,0", "1,1,2"));

        Cli.Result result = Cli.run("train", "--resume", run.toString());

        assertBadInput(result, "differs from the data");
    }

    @Test
    void linkedRunFileIsRejectedAndTargetKept() throws IOException {
        Path killed = killedCopy("killed", 2);
        Path outside = dir.resolve("outside.txt");
        Files.writeString(outside, "keep me\n");
        Files.delete(killed.resolve("metrics.csv"));
        Files.createSymbolicLink(killed.resolve("metrics.csv"), outside);

        Cli.Result result = Cli.run("train", "--resume", killed.toString());

        assertBadInput(result, "metrics.csv", "symbolic link");
        assertEquals("keep me\n", Files.readString(outside));
    }

    @Test
    void linkedRunDirectoryIsRejected() throws IOException {
        Path killed = killedCopy("killed", 2);
        Path link = Files.createSymbolicLink(dir.resolve("link"), killed);

        Cli.Result result = Cli.run("train", "--resume", link.toString());

        assertBadInput(result, "link", "symbolic link");
    }

    @Test
    void runInUseIsRejected() throws IOException {
        Path killed = killedCopy("killed", 2);
        String metrics = Files.readString(killed.resolve("metrics.csv"));

        Cli.Result result;
        try (org.masktrain.run.RunLock lock = org.masktrain.run.RunLock.acquire(killed)) {
            result = Cli.run("train", "--resume", killed.toString());
        }

        assertBadInput(result, "in use by another masktrain process");
        assertEquals(metrics, Files.readString(killed.resolve("metrics.csv")),
                "metrics.csv changed");
        assertSucceeded(Cli.run("train", "--resume", killed.toString(), "--quiet"));
    }

    @Test
    void divergedRunIsNotResumed() throws IOException {
        Path run = dir.resolve("diverged");
        Cli.Result diverged = args().set("--lr", "1e200").set("--rounds", "5").out(run).run();
        assertEquals(1, diverged.status(), diverged::describe);

        Cli.Result result = Cli.run("train", "--resume", run.toString());

        assertBadInput(result, "diverged", "smaller --lr");
    }

    @Test
    void nonFiniteLossKeepsEarlierRounds() throws IOException {
        Path run = dir.resolve("diverged");

        Cli.Result result = args().set("--lr", "1e200").set("--rounds", "5").out(run).run();

        assertEquals(1, result.status(), result::describe);
        assertTrue(result.err().contains("masktrain: training diverged: the loss is"),
                result::describe);
        assertTrue(result.err().contains("finished rounds are kept in " + run),
                result::describe);
        assertTrue(Files.readString(run.resolve("summary.json"))
                .contains("\"status\" : \"diverged\""), "summary.json status");
        assertTrue(Files.exists(run.resolve("trace.npz")), "trace of the finished rounds");
        org.masktrain.run.Checkpoint checkpoint = org.masktrain.run.Checkpoint.read(
                run.resolve("checkpoint.npz"), 20, 5);
        for (double loss : checkpoint.state().losses()) {
            assertTrue(Double.isFinite(loss), "checkpoint holds loss " + loss);
        }
    }

    @Test
    void runWithoutCheckpointRestarts() throws IOException {
        Path run = dir.resolve("no-checkpoint");
        assertSucceeded(args().set("--checkpoint-every", "0").out(run).run());
        assertFalse(Files.exists(run.resolve("checkpoint.npz")));
        Files.delete(run.resolve("summary.json"));
        Files.writeString(run.resolve(".summary.json.1234.tmp"), "{");

        Cli.Result result = Cli.run("train", "--resume", run.toString(), "--quiet");

        assertSucceeded(result);
        assertTrue(result.out().contains("no checkpoint"), result::describe);
        assertFalse(Files.exists(run.resolve(".summary.json.1234.tmp")), "leftover kept");
        assertEquals(RunComparison.withoutTiming(reference.resolve("metrics.csv")),
                RunComparison.withoutTiming(run.resolve("metrics.csv")));
    }

    private static void assertBadInput(Cli.Result result, String... fragments) {
        assertEquals(BAD_INPUT, result.status(), result::describe);
        assertEquals(1, result.errLines().size(), result::describe);
        for (String fragment : fragments) {
            assertTrue(result.err().contains(fragment),
                    () -> "standard error lacks '" + fragment + "'\n" + result.describe());
        }
        assertFalse(result.err().contains("Exception"), result::describe);
    }
}
