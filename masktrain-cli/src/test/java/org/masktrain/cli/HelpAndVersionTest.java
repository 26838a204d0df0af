package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.masktrain.training.Preset;

/** {@code --version} and {@code train --help}. */
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
}
