package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.run.RunDirectory;

/**
 * Kills {@code masktrain train} with SIGKILL at seeded random moments, resumes it each time,
 * and checks that the finished run directory equals that of a run that was never stopped.
 *
 * <p>Each attempt starts a new JVM on this JVM's class path ({@link Process#destroyForcibly}
 * sends SIGKILL on Linux and macOS) and kills it at a moment drawn from {@link #SEED}. Every
 * third attempt dies 0.1 to 1.6 s after its start: in JVM start, data loading, the resume's
 * repairs or the first rounds. The others die up to 30 ms after metrics.csv reached a row a few
 * rounds ahead, while that round's rows or its checkpoint are being written. After at most
 * {@link #MAX_KILLS} kills, one last resume runs to the end.
 */
class KillResumeTest {

    private static final long SEED = 20_261_204L;
    private static final int MAX_KILLS = 6;
    private static final int ROUNDS = 80;

    @TempDir
    Path dir;

    private TrainArgs args() {
        return TrainArgs.small().set("--samples", "200").set("--width", "30")
                .set("--subnets", "3").set("--local-steps", "3")
                .set("--rounds", Integer.toString(ROUNDS)).set("--seed", "7")
                .flag("--no-theory", "--quiet");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void killedAndResumedRunEqualsUninterruptedRun() throws Exception {
        Path reference = dir.resolve("reference");
        assertSucceeded(Cli.runInNewJvm(args().out(reference).toArray()));

        Path run = dir.resolve("killed");
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> log = new ArrayList<>();
        int kills = 0;
        int killsInTraining = 0;
        boolean finished = false;
        for (int attempt = 0; attempt < MAX_KILLS && !finished; attempt++) {
            Process process = start(run, log);
            String moment;
            if (attempt % 3 == 0) {
                // During JVM start, data loading, the resume's file repairs or the first rounds.
                long delay = 100 + random.nextLong(1500);
                process.waitFor(delay, TimeUnit.MILLISECONDS);
                moment = delay + " ms after start";
            } else {
                // A few rounds further on, then a few milliseconds into the next round's writes.
                long target = Math.min(ROUNDS, Math.max(0, rowsIn(run)) + 1
                        + random.nextInt(ROUNDS / 4));
                waitForRows(process, run, target);
                long extra = random.nextLong(30);
                process.waitFor(extra, TimeUnit.MILLISECONDS);
                moment = extra + " ms after row " + target;
            }
            if (!process.isAlive()) {
                assertEquals(0, process.exitValue(), () -> "attempt failed; " + log + "\n"
                        + read(dir.resolve("err.txt")));
                finished = true;
                continue;
            }
            process.destroyForcibly().waitFor();
            kills++;
            long rows = rowsIn(run);
            killsInTraining += rows > 0 && rows <= ROUNDS ? 1 : 0;
            assertWholeLines(run.resolve("metrics.csv"), log);
            assertWholeLines(run.resolve("local.csv"), log);
            log.add("killed " + moment + " at " + rows + " metrics rows");
        }
        if (!finished) {
            Process process = start(run, log);
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "last resume timed out; " + log);
            assertEquals(0, process.exitValue(), () -> "last resume failed; " + log + "\n"
                    + read(dir.resolve("err.txt")));
        }

        System.out.println("kill test, seed " + SEED + ": " + kills + " kills, "
                + killsInTraining + " during training; " + log);
        assertTrue(killsInTraining >= 1, "no attempt was killed during training; " + log);
        assertTrue(RunDirectory.isComplete(run), "run incomplete after " + log);
        RunComparison.assertSameResults(reference, run);
    }

    /** Waits until metrics.csv has {@code rows} rows or the process ends, at most a minute. */
    private static void waitForRows(Process process, Path run, long rows)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (process.isAlive() && rowsIn(run) < rows && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    /**
     * Stops a run with SIGTERM ({@link Process#destroy} on Linux and macOS), as Ctrl-C or a
     * batch scheduler would, and checks that it records the finished rounds as interrupted and
     * resumes to the same results.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void terminatedRunIsRecordedAndResumes() throws Exception {
        Path reference = dir.resolve("reference");
        assertSucceeded(Cli.runInNewJvm(args().out(reference).toArray()));
        Path run = dir.resolve("terminated");
        List<String> log = new ArrayList<>();
        Process process = start(run, log);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (rowsIn(run) < ROUNDS / 4 && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        process.destroy();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES), "no exit after SIGTERM");

        String summary = read(run.resolve("summary.json"));
        assertTrue(summary.contains("\"status\" : \"interrupted\""), summary);
        assertTrue(read(dir.resolve("err.txt")).contains("--resume " + run),
                read(dir.resolve("err.txt")));
        Process resumed = start(run, log);
        assertTrue(resumed.waitFor(2, TimeUnit.MINUTES), "resume timed out");
        assertEquals(0, resumed.exitValue(), () -> read(dir.resolve("err.txt")));
        RunComparison.assertSameResults(reference, run);
    }

    /**
     * Starts a fresh run when the directory contains no config.json (the process was killed
     * before it wrote one), and a resume otherwise.
     */
    private Process start(Path run, List<String> log) throws IOException {
        boolean resume = Files.exists(run.resolve("config.json"));
        if (!resume && Files.exists(run)) {
            RunDirectories.deleteQuietly(run);
        }
        String[] command = resume ? new String[] {"train", "--resume", run.toString(), "-q"}
                : args().out(run).toArray();
        log.add(resume ? "resume" : "start");
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        line.addAll(List.of(command));
        File out = dir.resolve("out.txt").toFile();
        File err = dir.resolve("err.txt").toFile();
        return new ProcessBuilder(line).redirectOutput(out).redirectError(err).start();
    }

    /** Asserts that a CSV file, when present and not empty, ends with a line terminator. */
    private static void assertWholeLines(Path csv, List<String> log) throws IOException {
        if (Files.exists(csv) && Files.size(csv) > 0) {
            byte[] bytes = Files.readAllBytes(csv);
            assertEquals('\n', bytes[bytes.length - 1], csv + " ends inside a row; " + log);
        }
    }

    private static long rowsIn(Path run) {
        try {
            return Files.exists(run.resolve("metrics.csv"))
                    ? Files.readAllLines(run.resolve("metrics.csv")).size() - 1 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }
}
