package org.masktrain.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.masktrain.training.RoundRecord;
import org.masktrain.training.TrainingListener;
import org.masktrain.training.TrainingStart;

/**
 * Shows training progress on standard error: a bar redrawn in place with the round, the current
 * loss, the held-out accuracy and the estimated time left when standard error is a terminal,
 * and a plain line every tenth of the run otherwise (logs, CI).
 */
final class ProgressReporter implements TrainingListener {

    private static final int BAR_WIDTH = 24;

    private final PrintStream err;
    private final boolean interactive;
    private int rounds;
    private int lastLineRound = -1;
    private long lastDrawNanos;

    ProgressReporter(PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void onStart(TrainingStart start) {
        rounds = start.config().rounds();
    }

    @Override
    public void onRound(RoundRecord record) {
        int k = record.round();
        String status = status(record);
        if (interactive) {
            long now = System.nanoTime();
            if (k == rounds || k == 0 || now - lastDrawNanos > 100_000_000L) {
                lastDrawNanos = now;
                int filled = rounds == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * k / rounds);
                String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" : "")
                        + " ".repeat(Math.max(0, BAR_WIDTH - filled - 1));
                err.print("\r[" + bar + "] " + status + "\u001b[K");
                if (k == rounds) {
                    err.println();
                }
                err.flush();
            }
            return;
        }
        int step = Math.max(1, rounds / 10);
        if (k == 0 || k == rounds || k - lastLineRound >= step) {
            lastLineRound = k;
            err.println(status);
            err.flush();
        }
    }

    private String status(RoundRecord record) {
        int k = record.round();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "round %d/%d  loss %.6g", k, rounds,
                record.train().loss()));
        if (record.test() != null && !Double.isNaN(record.test().accuracy())) {
            text.append(String.format(Locale.ROOT, "  test acc %.1f%%",
                    100 * record.test().accuracy()));
        } else if (record.test() != null) {
            text.append(String.format(Locale.ROOT, "  test loss %.6g", record.test().loss()));
        }
        if (k > 0 && k < rounds) {
            double left = record.elapsedSeconds() / k * (rounds - k);
            text.append("  left ").append(formatDuration(left));
        } else if (k == rounds) {
            text.append("  took ").append(formatDuration(record.elapsedSeconds()));
        }
        return text.toString();
    }

    static String formatDuration(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long whole = Math.round(seconds);
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole / 60 % 60,
                whole % 60);
    }
}
