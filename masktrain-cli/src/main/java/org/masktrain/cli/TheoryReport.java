package org.masktrain.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.masktrain.data.Dataset;
import org.masktrain.ntk.ExtremeEigenvalues;
import org.masktrain.ntk.LearningRateSearch;
import org.masktrain.ntk.MeasuredContraction;
import org.masktrain.ntk.NtkDiagnostics;
import org.masktrain.ntk.TheoryNumbers;

/**
 * The output of {@code train} about the convergence theory: the step-size search, lambda_0,
 * the NTK diagnostics and the theorems' numbers against the measured contraction.
 */
final class TheoryReport {

    private TheoryReport() {
    }

    /**
     * Returns the diagnostics listener that the options ask for, or null when neither the
     * theory nor diagnostics are on for this training set.
     */
    static NtkDiagnostics createDiagnostics(DiagnosticsOptions options, Dataset train,
            Path directory, long seed) {
        if (!options.theoryEnabled(train.n())) {
            return null;
        }
        Path csv = options.period() > 0 ? directory.resolve(NtkDiagnostics.FILE) : null;
        return new NtkDiagnostics(train, options.period(), csv, options.eigenSettings(seed));
    }

    /** Prints the outcome of a step-size search. */
    static void printSearch(PrintStream out, LearningRateSearch.Result search) {
        List<LearningRateSearch.Trial> trials = search.trials();
        LearningRateSearch.Trial chosen = trials.get(trials.size() - 1);
        out.printf(Locale.ROOT, "step-size search: --lr %s after %d halving%s from %s "
                + "(one round: L_0 = %.6g -> L_1 = %.6g, %.0f%% of the trained neurons "
                + "alive)%n", search.learningRate(), trials.size() - 1,
                trials.size() == 2 ? "" : "s", trials.get(0).learningRate(),
                chosen.initialLoss(), chosen.loss(), 100 * chosen.aliveShare());
    }

    /** Adds the diagnostics settings and the step-size search to config.json's provenance. */
    static void addProvenance(Map<String, Object> provenance, DiagnosticsOptions options,
            LearningRateSearch.Result search) {
        provenance.put("diagnostics_every", options.period());
        provenance.put("divergence_factor", options.divergenceFactor());
        provenance.put("divergence_patience", options.divergencePatience());
        if (search == null) {
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("start_lr", search.trials().get(0).learningRate());
        record.put("chosen_lr", search.learningRate());
        record.put("floor", LearningRateSearch.DEFAULT_FLOOR);
        record.put("min_alive_share", LearningRateSearch.MIN_ALIVE_SHARE);
        List<Map<String, Object>> trials = new ArrayList<>();
        for (LearningRateSearch.Trial trial : search.trials()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("lr", trial.learningRate());
            row.put("initial_loss", trial.initialLoss());
            row.put("loss_after_one_round", Double.isFinite(trial.loss()) ? trial.loss() : null);
            row.put("alive_share", Double.isFinite(trial.aliveShare()) ? trial.aliveShare()
                    : null);
            trials.add(row);
        }
        record.put("trials", trials);
        provenance.put("lr_search", record);
    }

    /** Prints lambda_0, the diagnostics and the theorems' numbers after a finished run. */
    static void print(PrintStream out, NtkDiagnostics ntk) {
        ExtremeEigenvalues infinite = ntk.infiniteWidth();
        Map<String, Object> fields = ntk.summaryFields();
        out.printf(Locale.ROOT, "NTK: lambda_0 = %.6e, lambda_max = %.6e (%s); R = kappa "
                + "lambda_0 / (8n) = %.4e%n", infinite.min(), infinite.max(),
                infinite.method().description(), ntk.radius());
        if (fields.containsKey("masked_ntk_min")) {
            out.printf(Locale.ROOT, "diagnostics (%s): smallest masked NTK eigenvalue %s "
                    + "(lambda_0 / 2 = %.4e; %s of %s measurements below it), largest weight "
                    + "drift %s = %s R, flipped activation patterns %s%n", NtkDiagnostics.FILE,
                    number(fields.get("masked_ntk_min")), infinite.min() / 2,
                    fields.get("masked_ntk_below_half"), fields.get("masked_ntk_measurements"),
                    number(fields.get("max_weight_drift")),
                    number(fields.get("max_weight_drift_over_R")),
                    percent(fields.get("flipped_share")));
        }
        TheoryNumbers theory = ntk.theory();
        MeasuredContraction measured = ntk.measured();
        out.printf(Locale.ROOT, "theory, %s: rate %s = %.6f per round; measured L_{k+1}/L_k: "
                + "first %.4f, median %.4f, last %.4f%n", theory.result(), theory.rateFormula(),
                theory.rate(), measured.first(), measured.median(), measured.last());
        out.printf(Locale.ROOT, "  neighbourhood inside O(.): %s = %.4g%s%n",
                theory.neighbourhoodFormula(), theory.neighbourhood(),
                Double.isNaN(theory.corollaryNeighbourhood()) ? ""
                        : String.format(Locale.ROOT, "; corollary: %s = %.4g",
                                theory.corollaryFormula(), theory.corollaryNeighbourhood()));
        if (theory.lossConversion() != 1.0) {
            out.printf(Locale.ROOT, "  (inverted scaling: this run's L_k is the paper-scaled "
                    + "loss times 1 / xi^2 = %.4g, so scale the neighbourhood by it)%n",
                    theory.lossConversion());
        }
        out.println("  step size: " + theory.verdict());
        for (String note : theory.notes()) {
            out.println("  note: " + note);
        }
    }

    private static String number(Object value) {
        return value instanceof Double number ? String.format(Locale.ROOT, "%.4e", number)
                : String.valueOf(value);
    }

    private static String percent(Object value) {
        return value instanceof Double number
                ? String.format(Locale.ROOT, "%.2f%%", 100 * number) : String.valueOf(value);
    }
}
