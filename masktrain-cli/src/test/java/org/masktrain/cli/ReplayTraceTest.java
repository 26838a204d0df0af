package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays run directories with {@code tools/replay_trace.py}, which recomputes every L_k in
 * NumPy from trace.npz and config.json. Skipped when {@code /usr/bin/python3} cannot import
 * NumPy.
 */
class ReplayTraceTest {

    private static final String PYTHON = "/usr/bin/python3";

    @BeforeAll
    static void requireNumpy() throws InterruptedException {
        boolean available;
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", "import numpy")
                    .redirectErrorStream(true).start();
            available = process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        }
        ExternalTools.require(available, PYTHON + " cannot import numpy");
    }

    /** Options of each replayed run, on top of 200 samples, m = 40, p = 3, tau = 3, K = 4. */
    static Stream<List<String>> runs() {
        return Stream.of(
                List.of(),
                List.of("--scaling", "inverted", "--reduction", "sum", "--lr", "0.05",
                        "--masks", "categorical"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void replayMatchesLosses(List<String> options, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        TrainArgs args = TrainArgs.none().set("--samples", "200").set("--width", "40")
                .set("--subnets", "3").set("--local-steps", "3").set("--rounds", "4").out(out);
        for (int k = 0; k < options.size(); k += 2) {
            args.set(options.get(k), options.get(k + 1));
        }
        assertSucceeded(args.run());

        Process replay = new ProcessBuilder(PYTHON, replayScript().toString(), out.toString(),
                "--tolerance", "1e-9").redirectErrorStream(true).start();
        String output = new String(replay.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(replay.waitFor(2, TimeUnit.MINUTES), "replay_trace.py timed out");

        assertEquals(0, replay.exitValue(), output);
    }

    /** A --shard-data run is rejected with its own exit status, not reported as a mismatch. */
    @Test
    void shardedRunIsNotReplayed(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        assertSucceeded(TrainArgs.small().set("--rounds", "2").flag("--shard-data").out(out)
                .run());

        Process replay = new ProcessBuilder(PYTHON, replayScript().toString(), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(replay.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(replay.waitFor(2, TimeUnit.MINUTES), "replay_trace.py timed out");

        assertEquals(3, replay.exitValue(), output);
        assertTrue(output.contains("--shard-data"), output);
    }

    /** Finds tools/replay_trace.py from the module directory or the repository root. */
    private static Path replayScript() {
        for (Path candidate : List.of(Path.of("..", "tools", "replay_trace.py"),
                Path.of("tools", "replay_trace.py"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("tools/replay_trace.py not found from "
                + Path.of("").toAbsolutePath());
    }
}
