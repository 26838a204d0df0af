package org.masktrain.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.masktrain.InvalidInputException;
import org.masktrain.plot.Charts.DynamicsCurve;
import org.masktrain.plot.Charts.PointKind;
import org.masktrain.report.CsvTable;
import org.masktrain.report.RunDirectoryReader;
import org.masktrain.run.RunDirectory;

/**
 * The measured values of a sweep, read back from its run directories: per run the converged
 * error (Figures 2b and 2c), the relative improvement of rounds 1 to 3 (Figure 2d) or the loss
 * at every event (Figure 2a), and per grid point their mean and standard deviation.
 */
public final class FigureData {

    /** Events of the loss dynamics drawn in Figure 2a; the published Figure 2a shows 160. */
    public static final int DYNAMICS_POINTS = 160;

    /** Rounds whose relative improvement Figure 2d shows. */
    public static final int IMPROVEMENT_ROUNDS = 3;

    private FigureData() {
    }

    /**
     * One run's measurement.
     *
     * @param entry the run
     * @param status summary.json's status, or "missing" when the run has not finished
     * @param rounds rounds recorded after round 0
     * @param values the converged error (one value) or the improvements of rounds 1 to 3;
     *     NaN where not measurable
     * @param problem why the run could not be read, or null
     */
    public record RunResult(SweepData.Entry entry, String status, int rounds, double[] values,
            String problem) {
    }

    /**
     * One grid point.
     *
     * @param group the index
     * @param name the folder name
     * @param parameters the parameters by name
     * @param runs the runs of this grid point
     * @param mean per value, the mean over runs with a finite value (NaN when none)
     * @param spread per value, the sample standard deviation over those runs (0 for one run)
     * @param counted per value, how many runs had a finite value
     */
    public record Group(int group, String name, Map<String, Double> parameters,
            List<RunResult> runs, double[] mean, double[] spread, int[] counted) {
    }

    /**
     * A sweep's measurements.
     *
     * @param sweep the sweep
     * @param groups the grid points in sweep order
     * @param curves Figure 2a's loss curves, one per grid point; empty for other figures
     */
    public record Summary(SweepData sweep, List<Group> groups, List<DynamicsCurve> curves) {

        /** Returns how many runs have not finished or could not be read. */
        public int unavailableRuns() {
            int count = 0;
            for (Group group : groups) {
                for (RunResult run : group.runs()) {
                    if (run.problem() != null) {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    /** Reads every run of {@code sweep} and summarizes it per grid point. */
    public static Summary summarize(SweepData sweep) {
        Map<Integer, List<SweepData.Entry>> byGroup = new LinkedHashMap<>();
        for (SweepData.Entry entry : sweep.cells()) {
            byGroup.computeIfAbsent(entry.group(), key -> new ArrayList<>()).add(entry);
        }
        List<Group> groups = new ArrayList<>();
        List<DynamicsCurve> curves = new ArrayList<>();
        for (List<SweepData.Entry> entries : byGroup.values()) {
            List<RunResult> runs = new ArrayList<>();
            List<double[]> dynamics = new ArrayList<>();
            for (SweepData.Entry entry : entries) {
                runs.add(measure(sweep, entry, dynamics));
            }
            groups.add(group(entries.get(0), runs));
            if (sweep.figure() == Figure.FIG2A) {
                curves.add(curve(label(entries.get(0)), dynamics, sweep.localSteps()));
            }
        }
        return new Summary(sweep, groups, curves);
    }

    private static RunResult measure(SweepData sweep, SweepData.Entry entry,
            List<double[]> dynamics) {
        if (!RunDirectory.isFinished(entry.path())) {
            return new RunResult(entry, "missing", 0, nanValues(sweep.figure()),
                    "not finished (no summary.json)");
        }
        RunDirectoryReader.RunData run;
        try {
            run = RunDirectoryReader.read(entry.path());
        } catch (InvalidInputException e) {
            return new RunResult(entry, "unreadable", 0, nanValues(sweep.figure()),
                    e.getMessage());
        }
        CsvTable metrics = run.metrics();
        double[] loss = metrics == null ? null : metrics.column("loss");
        double[] mse = metrics == null ? null : metrics.column("mse");
        if (loss == null || mse == null || loss.length == 0) {
            return new RunResult(entry, run.status(), 0, nanValues(sweep.figure()),
                    "metrics.csv is missing or has no loss and mse columns");
        }
        int rounds = loss.length - 1;
        double[] values;
        switch (sweep.figure()) {
            case FIG2B, FIG2C -> values = new double[] {sweep.rule().apply(mse).value()};
            case FIG2D -> {
                values = new double[IMPROVEMENT_ROUNDS];
                for (int k = 1; k <= IMPROVEMENT_ROUNDS; k++) {
                    values[k - 1] = k < loss.length && loss[k - 1] > 0
                            ? (loss[k - 1] - loss[k]) / loss[k - 1] : Double.NaN;
                }
            }
            default -> {
                double[] events = events(loss, run.local(), sweep.localSteps());
                if (events == null) {
                    return new RunResult(entry, run.status(), rounds, new double[] {Double.NaN},
                            "local.csv is missing or incomplete");
                }
                dynamics.add(events);
                values = new double[] {loss[rounds]};
            }
        }
        return new RunResult(entry, run.status(), rounds, values, null);
    }

    private static double[] nanValues(Figure figure) {
        double[] values = new double[figure == Figure.FIG2D ? IMPROVEMENT_ROUNDS : 1];
        java.util.Arrays.fill(values, Double.NaN);
        return values;
    }

    /**
     * Returns the loss at every event of a run: L_k, then the mean sub-network loss after
     * sampling and after each of the tau local steps, for every round, then the last L_k.
     * Only the rounds that contain the first {@link #DYNAMICS_POINTS} events are returned.
     * Returns null when local.csv lacks one of those rounds.
     */
    static double[] events(double[] loss, CsvTable local, int tau) {
        if (local == null) {
            return null;
        }
        double[] round = local.column("round");
        double[] step = local.column("step");
        double[] value = local.column("loss");
        if (round == null || step == null || value == null) {
            return null;
        }
        // Only the first DYNAMICS_POINTS events are drawn, so later rounds are not read.
        int rounds = Math.min(loss.length - 1, DYNAMICS_POINTS / (tau + 2) + 1);
        double[][] sums = new double[rounds][tau + 1];
        int[][] counts = new int[rounds][tau + 1];
        for (int i = 0; i < round.length; i++) {
            int k = (int) round[i];
            int t = (int) step[i];
            if (k >= 0 && k < rounds && t >= 0 && t <= tau && round[i] == k && step[i] == t) {
                sums[k][t] += value[i];
                counts[k][t]++;
            }
        }
        double[] events = new double[rounds * (tau + 2) + 1];
        int index = 0;
        for (int k = 0; k < rounds; k++) {
            events[index++] = loss[k];
            for (int t = 0; t <= tau; t++) {
                if (counts[k][t] == 0) {
                    return null;
                }
                events[index++] = sums[k][t] / counts[k][t];
            }
        }
        events[index] = loss[rounds];
        return events;
    }

    /** Returns what each event of {@link #events} is. */
    static PointKind[] kinds(int length, int tau) {
        PointKind[] kinds = new PointKind[length];
        for (int i = 0; i < length; i++) {
            int position = i % (tau + 2);
            kinds[i] = position == 0 ? PointKind.AGGREGATION
                    : position == 1 ? PointKind.SAMPLING : PointKind.LOCAL_STEP;
        }
        return kinds;
    }

    private static DynamicsCurve curve(String label, List<double[]> dynamics, int tau) {
        int length = DYNAMICS_POINTS;
        for (double[] events : dynamics) {
            length = Math.min(length, events.length);
        }
        if (dynamics.isEmpty()) {
            length = 0;
        }
        double[] mean = new double[length];
        double[] lower = new double[length];
        double[] upper = new double[length];
        for (int i = 0; i < length; i++) {
            double[] values = new double[dynamics.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = dynamics.get(r)[i];
            }
            double[] stats = meanAndSpread(values);
            mean[i] = stats[0];
            lower[i] = stats[0] - stats[1];
            upper[i] = stats[0] + stats[1];
        }
        return new DynamicsCurve(label + " (" + count(dynamics.size(), "run") + ")", mean, lower,
                upper, kinds(length, tau), dynamics.size());
    }

    private static String label(SweepData.Entry entry) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Double> parameter : entry.parameters().entrySet()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(parameter.getKey()).append(" = ")
                    .append(String.format(Locale.ROOT, "%.4g", parameter.getValue()));
        }
        return text.toString();
    }

    private static Group group(SweepData.Entry first, List<RunResult> runs) {
        int width = runs.get(0).values().length;
        double[] mean = new double[width];
        double[] spread = new double[width];
        int[] counted = new int[width];
        for (int j = 0; j < width; j++) {
            List<Double> finite = new ArrayList<>();
            for (RunResult run : runs) {
                if (j < run.values().length && Double.isFinite(run.values()[j])) {
                    finite.add(run.values()[j]);
                }
            }
            double[] stats = meanAndSpread(finite.stream().mapToDouble(Double::doubleValue)
                    .toArray());
            mean[j] = stats[0];
            spread[j] = stats[1];
            counted[j] = finite.size();
        }
        return new Group(first.group(), first.name(), first.parameters(), runs, mean, spread,
                counted);
    }

    /** Returns the mean and the sample standard deviation (0 for one value, NaN for none). */
    static double[] meanAndSpread(double[] values) {
        if (values.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        double mean = sum / values.length;
        if (values.length == 1) {
            return new double[] {mean, 0};
        }
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return new double[] {mean, Math.sqrt(squares / (values.length - 1))};
    }

    /** Returns "1 run", "2 runs": {@code count} and {@code noun}, plural unless it is one. */
    public static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** Returns the names of every parameter of the groups, in first-seen order. */
    static List<String> parameterNames(List<Group> groups) {
        Set<String> names = new LinkedHashSet<>();
        for (Group group : groups) {
            names.addAll(group.parameters().keySet());
        }
        return new ArrayList<>(names);
    }
}
