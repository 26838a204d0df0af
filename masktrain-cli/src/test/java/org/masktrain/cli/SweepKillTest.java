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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a {@code masktrain reproduce} sweep with SIGKILL after some of its runs finished, runs
 * the same command again, and checks that the sweep resumes run by run: finished runs are kept,
 * the killed one is redone, and the results equal those of a sweep that was never stopped.
 */
class SweepKillTest {

    private static final int RUNS = 8;

    @TempDir
    Path dir;

    private static String[] sweep(Path out) {
        return Stream.of("reproduce", "fig2b", "--out", out.toString(), "--samples", "200",
                "--reps", "2", "--rounds", "150", "--width", "100", "--xi-grid", "0.5,1",
                "--subnets-grid", "1,2,4", "--jobs", "1", "--quiet").toArray(String[]::new);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void killedSweepResumesRunByRun() throws Exception {
        Path reference = dir.resolve("reference");
        assertSucceeded(Cli.runInNewJvm(sweep(reference)));

        Path out = dir.resolve("killed");
        List<String> log = new ArrayList<>();
        for (int finishedBeforeKill : new int[] {2, 5}) {
            Process process = start(out);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (process.isAlive() && finishedRuns(out) < finishedBeforeKill
                    && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            if (!process.isAlive()) {
                log.add("finished before the kill");
                continue;
            }
            process.destroyForcibly().waitFor();
            log.add("killed after " + finishedRuns(out) + " finished runs");
        }
        Process last = start(out);
        assertTrue(last.waitFor(2, TimeUnit.MINUTES), "last run timed out; " + log);
        assertEquals(0, last.exitValue(), () -> "last run failed; " + log + "\n"
                + read(dir.resolve("err.txt")));

        System.out.println("sweep kill test: " + log);
        assertTrue(log.stream().anyMatch(line -> line.startsWith("killed")),
                "no run was killed mid-sweep; " + log);
        assertEquals(RUNS, finishedRuns(out));
        assertEquals(Files.readAllLines(reference.resolve("fig2b/results.csv")),
                Files.readAllLines(out.resolve("fig2b/results.csv")));
        assertEquals(Files.readAllLines(reference.resolve("fig2b/summary.csv")),
                Files.readAllLines(out.resolve("fig2b/summary.csv")));
    }

    private Process start(Path out) throws IOException {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        line.addAll(List.of(sweep(out)));
        File stdout = dir.resolve("out.txt").toFile();
        File stderr = dir.resolve("err.txt").toFile();
        return new ProcessBuilder(line).redirectOutput(stdout).redirectError(stderr).start();
    }

    /** Counts the runs of the sweep that wrote their summary.json. */
    private static long finishedRuns(Path out) {
        Path cells = out.resolve("fig2b/cells");
        if (!Files.isDirectory(cells)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(cells)) {
            return files.filter(path -> path.getFileName().toString().equals("summary.json"))
                    .count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
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
