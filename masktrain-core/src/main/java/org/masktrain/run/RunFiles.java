package org.masktrain.run;

import java.nio.file.Path;

/**
 * The files of a run directory, by name. Every run writes the same names so tools can find
 * them.
 *
 * @param directory the run directory
 */
public record RunFiles(Path directory) {

    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.csv";
    public static final String LOCAL = "local.csv";
    public static final String TRACE = "trace.npz";
    public static final String SUMMARY = "summary.json";
    /** Round masks streamed here while the run goes on; folded into the trace at the end. */
    public static final String MASKS_PART = "masks.part";
    /** The latest checkpoint; see {@link Checkpoint}. */
    public static final String CHECKPOINT = Checkpoint.FILE;

    public Path config() {
        return directory.resolve(CONFIG);
    }

    public Path metrics() {
        return directory.resolve(METRICS);
    }

    public Path local() {
        return directory.resolve(LOCAL);
    }

    public Path trace() {
        return directory.resolve(TRACE);
    }

    public Path summary() {
        return directory.resolve(SUMMARY);
    }

    public Path masksPart() {
        return directory.resolve(MASKS_PART);
    }

    public Path checkpoint() {
        return directory.resolve(CHECKPOINT);
    }
}
