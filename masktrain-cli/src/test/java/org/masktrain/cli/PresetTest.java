package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.masktrain.cli.CliAssertions.assertRejected;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code --preset}: each named special case runs and is recorded in config.json. */
class PresetTest {

    /** Returns each preset with the config.json values it fixes, as the README's table lists. */
    static Stream<Arguments> presets() {
        return Stream.of(
                Arguments.of("full-gd", Map.of("masks", "bernoulli", "xi", "1.0",
                        "subnets", "1", "local-steps", "1")),
                Arguments.of("dropout", Map.of("masks", "bernoulli", "subnets", "1",
                        "local-steps", "1")),
                Arguments.of("multi-sample-dropout", Map.of("masks", "bernoulli",
                        "local-steps", "1")),
                Arguments.of("ist-bernoulli", Map.of("masks", "bernoulli")),
                Arguments.of("ist-categorical", Map.of("masks", "categorical")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void presetRuns(String preset, Map<String, String> fixed, @TempDir Path dir)
            throws IOException {
        Path out = dir.resolve("run");
        // The presets fix --subnets or --local-steps, so the run leaves both to them.
        TrainArgs args = TrainArgs.small().unset("--subnets").unset("--local-steps")
                .set("--preset", preset).out(out);

        Cli.Result result = args.run();

        assertSucceeded(result);
        JsonNode config = new RunOutput(out).config();
        assertEquals(preset, config.get("preset").asText());
        for (Map.Entry<String, String> entry : fixed.entrySet()) {
            assertEquals(entry.getValue(), config.get(entry.getKey()).asText(), entry::getKey);
        }
    }

    @Test
    void presetConflictIsOneLine(@TempDir Path dir) {
        Path out = dir.resolve("run");

        Cli.Result result = TrainArgs.small().set("--preset", "dropout").set("--subnets", "3")
                .out(out).run();

        assertRejected(result, out, List.of("--preset dropout", "--subnets 3"));
    }
}
