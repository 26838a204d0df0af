package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * A guard for tests that need an outside tool (NumPy, Chromium). It skips such a test when the
 * tool is missing, except in continuous integration: there {@code .ci/run} installs every tool
 * and sets {@code MASKTRAIN_CI}, so a missing tool fails the test instead of hiding it.
 */
final class ExternalTools {

    private ExternalTools() {
    }

    /** Skips the test, or fails it under {@code MASKTRAIN_CI}, when {@code available} is false. */
    static void require(boolean available, String reason) {
        if (available) {
            return;
        }
        if (System.getenv("MASKTRAIN_CI") != null) {
            fail(reason + ", but MASKTRAIN_CI is set, so the tool must be installed");
        }
        Assumptions.assumeTrue(false, reason);
    }
}
