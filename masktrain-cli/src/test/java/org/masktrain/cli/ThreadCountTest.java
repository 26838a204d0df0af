package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --threads} never changes the results, as its help text promises. */
class ThreadCountTest {

    @Test
    void oneAndTwoThreadsAgree(@TempDir Path dir) throws IOException {
        Path single = dir.resolve("single");
        Path pair = dir.resolve("pair");
        TrainArgs args = TrainArgs.small().set("--subnets", "4").set("--rounds", "3");

        assertSucceeded(args.set("--threads", "1").out(single).run());
        assertSucceeded(args.set("--threads", "2").out(pair).run());

        assertEquals(new RunOutput(single).losses(), new RunOutput(pair).losses());
        assertEquals(Files.readAllLines(single.resolve("local.csv")),
                Files.readAllLines(pair.resolve("local.csv")));
    }
}
