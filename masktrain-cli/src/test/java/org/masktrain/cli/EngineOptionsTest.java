package org.masktrain.cli;

import static org.masktrain.cli.CliAssertions.assertRejected;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine options without the masktrain-spark module on the class path, as the plain
 * command-line tool runs: every misuse is one line and exit status 2.
 */
class EngineOptionsTest {

    @Test
    void sparkEngineWithoutModuleIsRejected(@TempDir Path dir) {
        Path out = dir.resolve("run");

        Cli.Result result = TrainArgs.small().out(out).set("--engine", "spark").run();

        assertRejected(result, out, List.of("--engine spark", "masktrain-spark module",
                "./masktrain", "spark-submit"));
    }

    @Test
    void unknownEngineIsRejected(@TempDir Path dir) {
        Path out = dir.resolve("run");

        Cli.Result result = TrainArgs.small().out(out).set("--engine", "mpi").run();

        assertRejected(result, out, List.of("--engine", "'mpi'", "threads, spark"));
    }

    @Test
    void masterWithoutSparkEngineIsRejected(@TempDir Path dir) {
        Path out = dir.resolve("run");

        Cli.Result result = TrainArgs.small().out(out).set("--master", "local[2]").run();

        assertRejected(result, out, List.of("--master", "--engine spark"));
    }

    @Test
    void lostSubnetPolicyMustBeKnown(@TempDir Path dir) {
        Path out = dir.resolve("run");

        Cli.Result result = TrainArgs.small().out(out).set("--engine", "spark")
                .set("--on-lost-subnet", "ignore").run();

        assertRejected(result, out, List.of("--on-lost-subnet", "ignore"));
    }
}
