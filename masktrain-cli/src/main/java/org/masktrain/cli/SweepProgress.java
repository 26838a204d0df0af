package org.masktrain.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.masktrain.experiments.SweepCell;
import org.masktrain.experiments.SweepRunner;

/**
 * Prints a line per finished run of a sweep on standard error, with the count, the outcome and
 * the estimated time left.
 */
final class SweepProgress implements SweepRunner.Progress {

    private final PrintStream err;
    private final String label;
    private final boolean quiet;
    private final long startNanos = System.nanoTime();
    private int kept;

    SweepProgress(PrintStream err, String label, boolean quiet) {
        this.err = err;
        this.label = label;
        this.quiet = quiet;
    }

    @Override
    public void cellDone(int done, int total, SweepCell cell, boolean keptBefore,
            String outcome) {
        if (keptBefore) {
            kept++;
        }
        if (quiet || keptBefore) {
            return;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        int ranNow = done - kept;
        String left = ranNow > 0 && done < total
                ? "  left " + ProgressReporter.formatDuration(elapsed / ranNow * (total - done))
                : "";
        err.printf(Locale.ROOT, "%s %d/%d %s: %s%s%n", label, done, total, cell.relativePath(),
                outcome, left);
        err.flush();
    }
}
