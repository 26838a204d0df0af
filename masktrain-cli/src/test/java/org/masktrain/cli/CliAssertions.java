package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks shared by the command-line tests. */
final class CliAssertions {

    /** Exit status for bad usage or bad input. */
    static final int BAD_INPUT = 2;

    /**
     * Whether a {@code runs} folder existed in the working directory before any test ran. The
     * tool creates it only when {@code --out} is missing, and every test passes {@code --out}.
     */
    private static final boolean RUNS_FOLDER_EXISTED = Files.exists(Path.of("runs"));

    private CliAssertions() {
    }

    /**
     * Asserts that a run was rejected as bad input: exit status 2, one line on standard error
     * that starts with {@code masktrain: } and contains every fragment, no stack trace, nothing
     * on standard output, and no run directory at {@code out}.
     */
    static void assertRejected(Cli.Result result, Path out, List<String> fragments) {
        assertEquals(BAD_INPUT, result.status(), result::describe);
        List<String> lines = result.errLines();
        assertEquals(1, lines.size(), result::describe);
        assertTrue(lines.get(0).startsWith("masktrain: "), result::describe);
        for (String fragment : fragments) {
            assertTrue(result.err().contains(fragment),
                    () -> "standard error lacks '" + fragment + "'\n" + result.describe());
        }
        assertFalse(result.err().contains("Exception"), result::describe);
        assertFalse(result.err().contains("at org."), result::describe);
        assertEquals("", result.out(), result::describe);
        assertFalse(Files.exists(out), () -> "run directory created: " + out);
        assertNoRunsFolder();
    }

    /** Asserts that a run finished with exit status 0. */
    static void assertSucceeded(Cli.Result result) {
        assertEquals(0, result.status(), result::describe);
    }

    /** Asserts that no {@code runs} folder appeared in the working directory. */
    static void assertNoRunsFolder() {
        if (!RUNS_FOLDER_EXISTED) {
            assertFalse(Files.exists(Path.of("runs")),
                    "a runs folder appeared in the working directory");
        }
    }
}
