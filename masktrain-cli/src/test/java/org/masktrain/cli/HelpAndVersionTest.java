package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.masktrain.training.Preset;

/** {@code --version} and the help of the commands. */
class HelpAndVersionTest {

    @Test
    void versionPrintsNumber() {
        Cli.Result result = Cli.run("--version");

        assertEquals(0, result.status(), result::describe);
        assertTrue(result.out().contains("masktrain 0.1.0"), result::describe);
    }

    @Test
    void trainHelpExitsZero() {
        Cli.Result result = Cli.run("train", "--help");

        assertEquals(0, result.status(), result::describe);
        assertEquals("", result.err(), result::describe);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--data", "--samples", "--width", "--kappa", "--masks", "--xi",
        "--subnets", "--local-steps", "--rounds", "--lr", "--lr-std", "--batch-size",
        "--scaling", "--reduction", "--threads", "--seed", "--out", "--preset", "--config",
        "--test-fraction"})
    void trainHelpListsOption(String option) {
        Cli.Result result = Cli.run("train", "--help");

        assertTrue(result.out().contains(option + "="), result::describe);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void trainHelpListsPreset(Preset preset) {
        Cli.Result result = Cli.run("train", "--help");

        assertTrue(result.out().contains(preset.label()), result::describe);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reproduce", "plot", "report"})
    void figureCommandHelpExitsZero(String command) {
        Cli.Result result = Cli.run(command, "--help");

        assertEquals(0, result.status(), result::describe);
        assertTrue(result.out().startsWith("Usage: masktrain " + command), result::describe);
        for (String line : result.out().lines().toList()) {
            assertTrue(line.length() <= 100, () -> "line over 100 columns: " + line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--paper-scale", "--reps", "--rounds", "--widths", "--xi-grid",
        "--subnets-grid", "--window", "--patience", "--floor", "--jobs", "--data", "--out"})
    void reproduceHelpListsOption(String option) {
        Cli.Result result = Cli.run("reproduce", "--help");

        assertTrue(result.out().contains(option), result::describe);
    }

    @Test
    void topLevelHelpListsFigureCommands() {
        Cli.Result result = Cli.run("--help");

        for (String command : List.of("reproduce", "plot", "report")) {
            assertTrue(result.out().contains(command), result::describe);
        }
    }
}
