package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench} and {@code ntk}: options rejected before any measurement or analysis. */
class BenchCommandTest {

    @Test
    void benchJsonInMissingDirectory(@TempDir Path dir) {
        Path file = dir.resolve("absent").resolve("bench.json");

        Cli.Result result = Cli.run("bench", "--json", file.toString());

        assertEquals(CliAssertions.BAD_INPUT, result.status());
        assertTrue(result.err().contains("--json"), result.err());
        assertTrue(result.err().contains("does not exist"), result.err());
        assertFalse(result.out().contains("peak:"), result.out());
    }

    @Test
    void benchPeakSizeAboveHeap() {
        Cli.Result result = Cli.run("bench", "--peak-size", "100000");

        assertEquals(CliAssertions.BAD_INPUT, result.status());
        assertTrue(result.err().contains("--peak-size 100000"), result.err());
    }

    @Test
    void benchHelpStatesItsRounds() {
        Cli.Result result = Cli.run("bench", "--help");

        assertTrue(result.out().contains("(default: " + BenchCommand.DEFAULT_ROUNDS + ")"),
                result.out());
    }

    @Test
    void ntkOutSymbolicLink(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("target.json"), "kept");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), target);

        Cli.Result result = Cli.run("ntk", "--samples", "20", "--out", link.toString());

        assertEquals(CliAssertions.BAD_INPUT, result.status());
        assertTrue(result.err().contains("symbolic link"), result.err());
        assertEquals("kept", Files.readString(target));
    }
}
