package org.masktrain.plot;

import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.masktrain.report.CsvTable;
import org.masktrain.report.RunDirectoryReader.RunData;

/** Charts of a single run directory: the loss per round and the NTK diagnostics. */
public final class RunCharts {

    private RunCharts() {
    }

    /**
     * Returns the mean squared error per entry of the training and held-out sets per round, or
     * null when metrics.csv has no round and mse (or loss) columns. The loss columns are sums
     * over each set's samples, so sets of different sizes would not compare. A metrics.csv
     * without mse columns is drawn from its loss columns instead, labelled as such.
     */
    public static JFreeChart loss(RunData run) {
        CsvTable metrics = run.metrics();
        if (metrics == null) {
            return null;
        }
        double[] rounds = metrics.column("round");
        if (rounds == null) {
            return null;
        }
        double[] mse = metrics.column("mse");
        if (mse != null && mse.length > 0) {
            return Charts.runLoss("Error per round", rounds, mse, metrics.column("test_mse"),
                    "mean squared error per entry (log scale)");
        }
        double[] loss = metrics.column("loss");
        if (loss == null || loss.length == 0) {
            return null;
        }
        return Charts.runLoss("Training loss per round", rounds, loss, null,
                "training loss L_k = ||Y - u||_F^2 (log scale)");
    }

    /**
     * Returns the NTK diagnostics per round (smallest masked-NTK eigenvalue over sub-networks
     * and largest weight drift), or null when the run has no readable diagnostics.csv.
     */
    public static JFreeChart diagnostics(RunData run) {
        CsvTable table = run.diagnostics();
        if (table == null) {
            return null;
        }
        double[] round = table.column("round");
        double[] minimum = table.column("ntk_min_end");
        double[] drift = table.column("max_weight_drift");
        if (round == null || minimum == null || drift == null || round.length == 0) {
            return null;
        }
        Map<Double, double[]> byRound = new TreeMap<>();
        double[] subnet = table.column("subnet");
        for (int i = 0; i < round.length; i++) {
            // Rows of the whole network have no sub-network index; the panel shows masked ones.
            if (subnet != null && Double.isNaN(subnet[i])) {
                continue;
            }
            double[] values = byRound.computeIfAbsent(round[i],
                    key -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
            values[0] = Math.min(values[0], minimum[i]);
            values[1] = Math.max(values[1], drift[i]);
        }
        double[] rounds = new double[byRound.size()];
        double[] minima = new double[byRound.size()];
        double[] drifts = new double[byRound.size()];
        int index = 0;
        for (Map.Entry<Double, double[]> entry : byRound.entrySet()) {
            rounds[index] = entry.getKey();
            minima[index] = entry.getValue()[0];
            drifts[index] = entry.getValue()[1];
            index++;
        }
        double half = run.summary() != null && run.summary().path("lambda0_half").isNumber()
                ? run.summary().path("lambda0_half").asDouble() : Double.NaN;
        return Charts.diagnostics("NTK diagnostics per round", rounds, minima, drifts, half);
    }
}
