package org.masktrain.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module the {@code ./masktrain} launcher runs, which must be masktrain-spark whenever the
 * run uses the Spark engine. {@code MASKTRAIN_PRINT_MODULE=1} makes the launcher print its
 * choice without building or starting Java.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherTest {

    private static final Path LAUNCHER = Path.of("..", "masktrain").toAbsolutePath();

    @Test
    void engineOptionSelectsSpark() throws Exception {
        assertEquals("masktrain-spark", module("train", "--engine", "spark"));
        assertEquals("masktrain-spark", module("train", "--engine=spark"));
        assertEquals("masktrain-cli", module("train", "--engine", "threads"));
        assertEquals("masktrain-cli", module("train"));
    }

    @Test
    void resumedSparkRunSelectsSpark(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run 'one\" -x"));
        Files.writeString(run.resolve("config.json"), "{\n  \"engine\" : \"spark\"\n}\n");
        Path threadsRun = Files.createDirectories(dir.resolve("threads"));
        Files.writeString(threadsRun.resolve("config.json"), "{\n  \"width\" : 20\n}\n");

        assertEquals("masktrain-spark", module("train", "--resume", run.toString()));
        assertEquals("masktrain-spark", module("train", "--resume=" + run));
        assertEquals("masktrain-cli", module("train", "--resume", threadsRun.toString()));
        assertEquals("masktrain-cli", module("train", "--resume", dir.resolve("absent")
                .toString()));
    }

    @Test
    void configFileSelectsSpark(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("-config.json"), "{\"engine\": \"spark\"}");

        assertEquals("masktrain-spark", module("train", "--config", config.toString()));
        assertEquals("masktrain-spark", module("train", "--config=" + config));
    }

    /** Returns the module the launcher chooses for {@code args}. */
    private static String module(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MASKTRAIN_PRINT_MODULE", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim();
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
