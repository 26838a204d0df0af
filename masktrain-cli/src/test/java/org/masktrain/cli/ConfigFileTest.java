package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --config}: a run's config.json repeats the run, and command-line options win. */
class ConfigFileTest {

    @Test
    void configRepeatsRun(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("first");
        assertSucceeded(TrainArgs.small().set("--rounds", "3").set("--seed", "7").out(first)
                .run());
        Path second = dir.resolve("second");

        Cli.Result result = TrainArgs.none()
                .set("--config", first.resolve("config.json").toString()).out(second).run();

        assertSucceeded(result);
        assertEquals(new RunOutput(first).losses(), new RunOutput(second).losses());
    }

    /**
     * A preset run's config.json contains both the preset and the values it fixes. Given back,
     * the two must not conflict.
     */
    @ParameterizedTest
    @ValueSource(strings = {"full-gd", "dropout", "ist-categorical"})
    void presetConfigRepeatsRun(String preset, @TempDir Path dir) throws IOException {
        Path first = dir.resolve("first");
        assertSucceeded(TrainArgs.small().unset("--subnets").unset("--local-steps")
                .set("--preset", preset).out(first).run());
        Path second = dir.resolve("second");

        Cli.Result result = TrainArgs.none()
                .set("--config", first.resolve("config.json").toString()).out(second).run();

        assertSucceeded(result);
        assertEquals(new RunOutput(first).losses(), new RunOutput(second).losses());
    }

    @Test
    void commandLineOverridesConfig(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("first");
        assertSucceeded(TrainArgs.small().out(first).run());
        Path second = dir.resolve("second");

        Cli.Result result = TrainArgs.none()
                .set("--config", first.resolve("config.json").toString())
                .set("--rounds", "4").set("--test-fraction", "0.25").out(second).run();

        assertSucceeded(result);
        JsonNode config = new RunOutput(second).config();
        assertEquals(4, config.get("rounds").asInt());
        assertEquals(0.25, config.get("test-fraction").asDouble());
        assertEquals(5, new RunOutput(second).metricsRows().size());
        // Keys the command line did not override keep the file's values.
        assertEquals(20, config.get("width").asInt());
        assertEquals(2, config.get("subnets").asInt());
        assertEquals(60, config.get("samples").asInt());
    }

    @Test
    void handWrittenConfigRuns(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\"width\": 30, \"rounds\": 2, \"samples\": 60, "
                + "\"subnets\": 2, \"local-steps\": 2, \"threads\": 1, "
                + "\"masks\": \"categorical\"}");
        Path out = dir.resolve("run");

        Cli.Result result = TrainArgs.none().set("--config", file.toString()).out(out).run();

        assertSucceeded(result);
        JsonNode config = new RunOutput(out).config();
        assertEquals(30, config.get("width").asInt());
        assertEquals("categorical", config.get("masks").asText());
        assertEquals(file.toAbsolutePath().normalize().toString(),
                config.get("provenance").get("config_file").asText());
        assertEquals(3, new RunOutput(out).metricsRows().size());
    }

    /** ntk ignores the keys of train-only options in a run's config.json. */
    @Test
    void ntkReadsTrainConfig(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertSucceeded(TrainArgs.small().set("--rounds", "2").out(run).run());

        Cli.Result result = Cli.run("ntk", "--config", run.resolve("config.json").toString(),
                "--suggest-lr");

        assertSucceeded(result);
    }

    @Test
    void ntkRejectsUnknownKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\"samples\": 30, \"colour\": 3}");

        Cli.Result result = Cli.run("ntk", "--config", file.toString());

        assertEquals(CliAssertions.BAD_INPUT, result.status());
        assertTrue(result.err().contains("unknown key 'colour'"), result.err());
    }
}
