package org.masktrain.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.masktrain.InvalidInputException;
import org.masktrain.data.DataLoader;
import org.masktrain.data.Dataset;
import org.masktrain.data.PreparedData;
import org.masktrain.data.Preprocessor;
import org.masktrain.data.RawData;
import org.masktrain.io.AtomicFiles;
import org.masktrain.ntk.EigenSolver;
import org.masktrain.ntk.ExtremeEigenvalues;
import org.masktrain.ntk.NtkAnalysis;
import org.masktrain.ntk.NtkDiagnostics;
import org.masktrain.ntk.TheoryNumbers;
import org.masktrain.random.RandomStreams;
import org.masktrain.training.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code masktrain ntk}: the neural tangent kernels of a training set and the step-size scale
 * of the convergence theory.
 */
@Command(name = "ntk", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = MasktrainCommand.VersionProvider.class,
        description = {
            "Computes the neural tangent kernels of the training inputs, their extreme "
                    + "eigenvalues (lambda_0) and the convergence theory's step size.",
            "",
            "The infinite-width NTK has the closed form Hinf_ij = xi rho (pi - arccos rho) / "
                    + "(2 pi) with rho = <x_i, x_j>, and lambda_0 = lambda_min(Hinf) sets the "
                    + "theory's rate and step size. Optionally the command adds the "
                    + "finite-width NTK H(0) of the W_0 that 'masktrain train' draws from the "
                    + "same options, and the masked NTKs of the masks it samples first, with "
                    + "their distance from the closed form. The data and model options are "
                    + "those of 'masktrain train', so the training part is the one a run with "
                    + "the same options trains on.",
            "",
            "Examples:",
            "  masktrain ntk",
            "  masktrain ntk --width 500 --mask-samples 5",
            "  masktrain ntk --suggest-lr --subnets 4 --local-steps 5",
            "  masktrain ntk --config runs/<run>/config.json --suggest-lr",
            ""
        })
final class NtkCommand implements Callable<Integer> {

    /**
     * lambda_0 at or below this share of lambda_max is zero to rounding: a few hundred times
     * the double precision's unit roundoff.
     */
    private static final double SINGULAR_RELATIVE = 1e-13;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    private DataOptions dataOptions = new DataOptions();

    @Mixin
    private TrainingOptions trainingOptions = new TrainingOptions();

    @Mixin
    private NtkOptions ntkOptions = new NtkOptions();

    @Override
    public Integer call() {
        PrintStream stdout = System.out;

        // Validation of every input before any work.
        TrainingConfig config = trainingOptions.toBuilder().build();
        ntkOptions.validate();
        EigenSolver.Settings eigen = ntkOptions.eigenSettings(config.seed());
        OutputFiles.checkWritableFile("--out", ntkOptions.out);
        RawData raw = DataLoader.load(dataOptions.toRequest());
        PreparedData prepared = Preprocessor.prepare(raw, dataOptions.toPreprocessOptions(),
                new RandomStreams(config.seed()));
        Dataset train = prepared.train();
        if (train.n() < 1) {
            throw new InvalidInputException("the training set is empty; --samples must be >= 1");
        }
        boolean finiteWidth = ntkOptions.finiteWidth != null ? ntkOptions.finiteWidth
                : trainingOptions.width != null || ntkOptions.maskSamples > 0;
        NtkAnalysis.Request request = new NtkAnalysis.Request(train, config, finiteWidth,
                ntkOptions.maskSamples, eigen);

        stdout.println("data: " + raw.description());
        raw.notes().forEach(note -> stdout.println("  - " + note));
        prepared.steps().forEach(step -> stdout.println("  - " + step));
        stdout.printf(Locale.ROOT, "kernels of the training part: n = %d, d = %d, xi = %s "
                + "(%s masks)%n", train.n(), train.d(), config.meanKeepProbability(),
                config.masks().label());

        NtkAnalysis.Report report = NtkAnalysis.run(request);
        List<NtkAnalysis.KernelSummary> kernels = kernels(report);
        stdout.println();
        printEigenvalues(stdout, kernels);
        stdout.println();
        printMethods(stdout, kernels);
        stdout.println();
        printLambdaZero(stdout, report);
        if (ntkOptions.suggestLr) {
            stdout.println();
            printStepSize(stdout, report.theory(), config);
        }
        if (ntkOptions.out != null) {
            writeJson(ntkOptions.out, raw, report, kernels);
            stdout.println("written: " + ntkOptions.out);
        }
        return 0;
    }

    private static List<NtkAnalysis.KernelSummary> kernels(NtkAnalysis.Report report) {
        List<NtkAnalysis.KernelSummary> kernels = new ArrayList<>();
        kernels.add(report.infinite());
        if (report.finite() != null) {
            kernels.add(report.finite());
        }
        kernels.addAll(report.masked());
        return kernels;
    }

    private static void printEigenvalues(PrintStream out,
            List<NtkAnalysis.KernelSummary> kernels) {
        out.printf(Locale.ROOT, "%-8s %-13s %-13s %-12s %-12s %s%n", "kernel", "lambda_min",
                "lambda_max", "||A-Hinf||_2", "||A-Hinf||_F", "detail");
        for (NtkAnalysis.KernelSummary kernel : kernels) {
            ExtremeEigenvalues values = kernel.eigenvalues();
            out.printf(Locale.ROOT, "%-8s %-13.6e %-13.6e %-12s %-12s %s%n", kernel.name(),
                    values.min(), values.max(), shortNumber(kernel.spectralDistance()),
                    shortNumber(kernel.frobeniusDistance()), kernel.detail());
        }
    }

    private static void printMethods(PrintStream out, List<NtkAnalysis.KernelSummary> kernels) {
        out.printf(Locale.ROOT, "%-8s %-31s %-8s %-12s %-12s %s%n", "kernel", "method",
                "products", "res(l_min)", "res(l_max)", "seconds");
        for (NtkAnalysis.KernelSummary kernel : kernels) {
            ExtremeEigenvalues values = kernel.eigenvalues();
            out.printf(Locale.ROOT, "%-8s %-31s %-8s %-12.2e %-12.2e %.2f%n", kernel.name(),
                    values.method().description(),
                    values.products() == 0 ? "-" : String.valueOf(values.products()),
                    values.minResidual(), values.maxResidual(), values.seconds());
        }
        out.println("res(l_min), res(l_max): the residual ||H v - lambda v|| at lambda_min and "
                + "at lambda_max, for the unit vector v returned with lambda; some eigenvalue "
                + "lies within it of lambda.");
        for (NtkAnalysis.KernelSummary kernel : kernels) {
            ExtremeEigenvalues values = kernel.eigenvalues();
            if (!values.converged()) {
                out.printf(Locale.ROOT, "NOTE: block Lanczos stopped on %s after %d products "
                        + "before the relative residual %.1e: lambda_min lies in [%.6e, %.6e] "
                        + "and lambda_max in [%.6e, %.6e]; raise --max-products for more "
                        + "digits.%n", kernel.name(), values.products(), values.tolerance(),
                        values.min() - values.minResidual(), values.min(), values.max(),
                        values.max() + values.maxResidual());
            }
        }
    }

    private static void printLambdaZero(PrintStream out, NtkAnalysis.Report report) {
        ExtremeEigenvalues values = report.infinite().eigenvalues();
        double xi = report.keepProbability();
        out.println("lambda_0 = lambda_min(Hinf) = " + values.min());
        if (values.min() <= SINGULAR_RELATIVE * values.max()) {
            System.err.println("masktrain: warning: lambda_0 = " + values.min() + " is zero "
                    + "to rounding, so Hinf is singular: the data has duplicate or parallel "
                    + "rows, and the theory's rates need lambda_0 > 0; try --drop-duplicates");
        }
        out.println("lambda_max(Hinf) = " + values.max());
        out.printf(Locale.ROOT, "xi = %s scales both; at xi = 1 they are %.6e and %.6e. "
                + "||Hinf||_F = %.6e.%n", xi, values.min() / xi, values.max() / xi,
                report.infiniteFrobenius());
    }

    private static void printStepSize(PrintStream out, TheoryNumbers theory,
            TrainingConfig config) {
        out.println("step size from " + theory.result() + ":");
        out.printf(Locale.ROOT, "  theory's scale %s = %.4e in the paper's units (sum "
                + "reduction, paper scaling)%n", theory.stepSizeFormula(),
                theory.stepSizeScale());
        out.printf(Locale.ROOT, "  as --lr for %s reduction and %s scaling: %.4e%n",
                config.reduction().label(), config.scaling().label(),
                theory.runStepSizeScale());
        out.printf(Locale.ROOT, "  rate per round at that step size: %s = %.12f%n",
                theory.rateFormula(), theory.rateAtStepScale());
        out.println("  the configured --lr " + config.learningRate() + ": " + theory.verdict());
        out.println("  'masktrain train --lr-search' finds a step size at which one round "
                + "decreases the loss.");
    }

    private void writeJson(Path file, RawData raw, NtkAnalysis.Report report,
            List<NtkAnalysis.KernelSummary> kernels) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("data_source", raw.description());
        document.put("samples", report.samples());
        document.put("inputs", report.inputs());
        document.put("xi", report.keepProbability());
        document.put("lambda0", report.infinite().eigenvalues().min());
        document.put("lambda_max", report.infinite().eigenvalues().max());
        document.put("hinf_frobenius", report.infiniteFrobenius());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NtkAnalysis.KernelSummary kernel : kernels) {
            rows.add(kernelFields(kernel));
        }
        document.put("kernels", rows);
        document.put("theory", NtkDiagnostics.theoryFields(report.theory()));
        document.put("seconds", report.seconds());
        try {
            AtomicFiles.writeString(file, JSON.writeValueAsString(document) + "\n");
        } catch (IOException e) {
            throw new InvalidInputException("--out " + file + ": cannot write the file: "
                    + e.getMessage());
        }
    }

    private static Map<String, Object> kernelFields(NtkAnalysis.KernelSummary kernel) {
        ExtremeEigenvalues values = kernel.eigenvalues();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", kernel.name());
        fields.put("detail", kernel.detail());
        fields.put("lambda_min", values.min());
        fields.put("lambda_max", values.max());
        fields.put("residual_min", values.minResidual());
        fields.put("residual_max", values.maxResidual());
        fields.put("method", values.method().label());
        fields.put("products", values.products());
        fields.put("converged", values.converged());
        fields.put("tolerance", finiteOrNull(values.tolerance()));
        fields.put("seconds", values.seconds());
        fields.put("spectral_distance", finiteOrNull(kernel.spectralDistance()));
        fields.put("frobenius_distance", finiteOrNull(kernel.frobeniusDistance()));
        return fields;
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String shortNumber(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4e", value) : "-";
    }
}
