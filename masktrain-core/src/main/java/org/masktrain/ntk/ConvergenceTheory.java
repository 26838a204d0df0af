package org.masktrain.ntk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.masktrain.masks.MaskKind;

/**
 * The numbers of the convergence results of "On the Convergence of Shallow Neural Network
 * Training with Randomly Masked Neurons" (Liao and Kyrillidis, TMLR 2022, arXiv:2112.02668),
 * evaluated for one run. All formulas are for the paper's setting: sum reduction, paper scaling,
 * full-batch local steps; {@link TheoryInputs#stepConversion()} converts the run's step size.
 *
 * <ul>
 *   <li>Theorem 3 (Bernoulli masks): {@code E[L_k] <= (1 - eta theta tau lambda_0 / 4)^k L_0
 *       + B1}, {@code B1 = O((1-xi)^2 n^3 d / (m lambda_0^2) + (theta - xi^2) n kappa^2 / p
 *       + (1 - 1/tau)^2 theta^2 (1-xi) n kappa^2)}, for {@code eta = O(lambda_0 / (max(n, p) n
 *       tau))}. Corollaries 1 (dropout, p = tau = 1), 2 (multi-sample dropout, tau = 1) and 3
 *       (IST, Bernoulli) specialize it with kappa = n^(-1/2), {@code max(K, d, p) <= n} and
 *       {@code lambda_0 <= 1}, to the neighbourhoods {@code 1 - xi},
 *       {@code (1-xi)^2/(nK) + (theta - xi^2)/p} and that plus {@code (1 - 1/tau) theta^2
 *       (1 - xi)}.
 *   <li>Theorem 4 (categorical masks): with {@code gamma = (1 - 1/p)^(1/3)},
 *       {@code E[L_k] <= (gamma + (1-gamma)(1 - eta lambda_0/2)^tau)^k L_0
 *       + O(gamma tau n kappa^2 lambda_max / lambda_0^2)}, for
 *       {@code eta = O(lambda_0 / n^2 * min(p / (gamma^2 tau), 1))}.
 * </ul>
 */
public final class ConvergenceTheory {

    /** Relative gap from n^(-1/2) above which a run's kappa is reported as different. */
    private static final double KAPPA_MATCH = 0.01;

    private ConvergenceTheory() {
    }

    /** Returns {@code theta = 1 - (1 - xi)^p}. */
    public static double theta(double xi, int p) {
        return 1.0 - Math.pow(1.0 - xi, p);
    }

    /** Returns {@code gamma = (1 - 1/p)^(1/3)}; 0 for p = 1. */
    public static double gamma(int p) {
        return Math.cbrt(1.0 - 1.0 / p);
    }

    /** Returns Theorem 3's rate {@code 1 - eta theta tau lambda_0 / 4} (eta in paper units). */
    public static double bernoulliRate(double eta, double theta, int tau, double lambda0) {
        return 1.0 - eta * theta * tau * lambda0 / 4.0;
    }

    /**
     * Returns Theorem 4's rate {@code gamma + (1 - gamma)(1 - eta lambda_0 / 2)^tau} (eta in
     * paper units).
     */
    public static double categoricalRate(double eta, double gamma, int tau, double lambda0) {
        return gamma + (1.0 - gamma) * Math.pow(1.0 - eta * lambda0 / 2.0, tau);
    }

    /** Returns Theorem 3's step-size scale {@code lambda_0 / (max(n, p) n tau)}. */
    public static double bernoulliStepScale(double lambda0, int n, int p, int tau) {
        return lambda0 / ((double) Math.max(n, p) * n * tau);
    }

    /**
     * Returns Theorem 4's step-size scale {@code lambda_0 / n^2 * min(p / (gamma^2 tau), 1)};
     * for p = 1 (gamma = 0) the minimum is 1.
     */
    public static double categoricalStepScale(double lambda0, int n, int p, int tau) {
        double gamma = gamma(p);
        double bound = gamma == 0.0 ? 1.0 : Math.min(p / (gamma * gamma * tau), 1.0);
        return lambda0 / ((double) n * n) * bound;
    }

    /** Returns the expression inside Theorem 3's {@code B1 = O(.)}. */
    public static double theorem3Neighbourhood(double xi, int p, int tau, int n, int d, int m,
            double kappa, double lambda0) {
        double theta = theta(xi, p);
        double width = (1.0 - xi) * (1.0 - xi) * Math.pow(n, 3) * d / (m * lambda0 * lambda0);
        double sampling = (theta - xi * xi) * n * kappa * kappa / p;
        double local = Math.pow(1.0 - 1.0 / tau, 2) * theta * theta * (1.0 - xi) * n * kappa
                * kappa;
        return width + sampling + local;
    }

    /** Returns the expression inside Theorem 4's {@code O(gamma tau n kappa^2 lambda_max /
     * lambda_0^2)}. */
    public static double theorem4Neighbourhood(int p, int tau, int n, double kappa,
            double lambdaMax, double lambda0) {
        return gamma(p) * tau * n * kappa * kappa * lambdaMax / (lambda0 * lambda0);
    }

    /** Evaluates the result that covers the run described by {@code inputs}. */
    public static TheoryNumbers evaluate(TheoryInputs inputs) {
        return inputs.masks() == MaskKind.CATEGORICAL ? categorical(inputs) : bernoulli(inputs);
    }

    private static TheoryNumbers bernoulli(TheoryInputs in) {
        double xi = in.keepProbability();
        int p = in.subnetworks();
        int tau = in.localSteps();
        int n = in.samples();
        double lambda0 = in.lambda0();
        double theta = theta(xi, p);
        double eta = in.learningRate() * in.stepConversion();
        double rate = bernoulliRate(eta, theta, tau, lambda0);
        double neighbourhood = theorem3Neighbourhood(xi, p, tau, n, in.inputs(), in.width(),
                in.kappa(), lambda0);
        double scale = bernoulliStepScale(lambda0, n, p, tau);

        // The corollary that names the run's special case, with its simplified neighbourhood.
        String result;
        double corollary;
        String corollaryFormula;
        double sampling = (1.0 - xi) * (1.0 - xi) / ((double) n * in.rounds())
                + (theta - xi * xi) / p;
        if (p == 1 && tau == 1) {
            result = xi == 1.0 ? "Corollary 1 at xi = 1 (full gradient descent)"
                    : "Corollary 1 (dropout)";
            corollary = 1.0 - xi;
            corollaryFormula = "1 - xi";
        } else if (tau == 1) {
            result = "Corollary 2 (multi-sample dropout)";
            corollary = sampling;
            corollaryFormula = "(1-xi)^2/(n K) + (theta - xi^2)/p";
        } else {
            result = "Corollary 3 (IST with Bernoulli masks)";
            corollary = sampling + (1.0 - 1.0 / tau) * theta * theta * (1.0 - xi);
            corollaryFormula = "(1-xi)^2/(n K) + (theta - xi^2)/p + (1 - 1/tau) theta^2 (1-xi)";
        }

        List<String> notes = commonNotes(in);
        double expectedKappa = 1.0 / Math.sqrt(n);
        if (Math.abs(in.kappa() - expectedKappa) > KAPPA_MATCH * expectedKappa) {
            notes.add(String.format(Locale.ROOT, "the corollaries take kappa = n^(-1/2) = %.4g "
                    + "but this run has kappa = %.4g, so only Theorem 3's B1 uses the run's "
                    + "kappa", expectedKappa, in.kappa()));
        }
        int largest = Math.max(in.rounds(), Math.max(in.inputs(), p));
        if (largest > n) {
            notes.add(String.format(Locale.ROOT, "the corollaries assume max(K, d, p) <= n, but "
                    + "max(K = %d, d = %d, p = %d) = %d exceeds n = %d", in.rounds(),
                    in.inputs(), p, largest, n));
        }
        if (lambda0 > 1.0) {
            notes.add(String.format(Locale.ROOT, "the corollaries assume lambda_0 <= 1, got %.4g",
                    lambda0));
        }
        String scaleFormula = "lambda_0 / (max(n, p) n tau)";
        return new TheoryNumbers(result, theta, Double.NaN, eta, rate,
                "1 - eta theta tau lambda_0 / 4", neighbourhood,
                "(1-xi)^2 n^3 d / (m lambda_0^2) + (theta - xi^2) n kappa^2 / p"
                        + " + (1 - 1/tau)^2 theta^2 (1-xi) n kappa^2",
                corollary, corollaryFormula, in.lossConversion(), scale, scaleFormula,
                scale / in.stepConversion(), eta / scale,
                bernoulliRate(scale, theta, tau, lambda0), verdict(eta, scale, scaleFormula),
                notes);
    }

    private static TheoryNumbers categorical(TheoryInputs in) {
        int p = in.subnetworks();
        int tau = in.localSteps();
        int n = in.samples();
        double lambda0 = in.lambda0();
        double gamma = gamma(p);
        double eta = in.learningRate() * in.stepConversion();
        double rate = categoricalRate(eta, gamma, tau, lambda0);
        double neighbourhood = theorem4Neighbourhood(p, tau, n, in.kappa(), in.lambdaMax(),
                lambda0);
        double scale = categoricalStepScale(lambda0, n, p, tau);
        String scaleFormula = "lambda_0 / n^2 * min(p / (gamma^2 tau), 1)";
        // Every neuron is in exactly one sub-network, so theta = 1.
        return new TheoryNumbers("Theorem 4 (categorical masks)", 1.0, gamma,
                eta, rate, "gamma + (1 - gamma) (1 - eta lambda_0 / 2)^tau", neighbourhood,
                "gamma tau n kappa^2 lambda_max / lambda_0^2", Double.NaN, null,
                in.lossConversion(), scale, scaleFormula, scale / in.stepConversion(),
                eta / scale, categoricalRate(scale, gamma, tau, lambda0),
                verdict(eta, scale, scaleFormula), commonNotes(in));
    }

    private static List<String> commonNotes(TheoryInputs in) {
        List<String> notes = new ArrayList<>();
        if (in.minibatch()) {
            notes.add("local steps use minibatches, but the theorems assume full-batch "
                    + "gradient steps");
        }
        return notes;
    }

    /**
     * Returns a sentence that places eta against the step-size scale by order of magnitude,
     * because the O(.) hides the constant.
     */
    static String verdict(double eta, double scale, String scaleFormula) {
        double ratio = eta / scale;
        String comparison = String.format(Locale.ROOT, "eta = %.3g (sum reduction, paper "
                + "scaling) is %.3g times the theory's step-size scale %s = %.3g", eta, ratio,
                scaleFormula, scale);
        String hidden = "; the O(.) hides a constant, so this is an order-of-magnitude "
                + "statement";
        if (!(ratio > 0) || !Double.isFinite(ratio)) {
            return comparison + ": no comparison is possible (lambda_0 must be positive)";
        }
        if (ratio <= 1.0) {
            return comparison + ": inside the regime the theorems cover" + hidden;
        }
        if (ratio <= 10.0) {
            return comparison + ": at the edge of the regime the theorems cover" + hidden;
        }
        return comparison + String.format(Locale.ROOT, ": %.1f orders of magnitude above it, "
                + "outside the regime the theorems cover, so their rate and neighbourhood do not "
                + "bound this run", Math.log10(ratio)) + hidden;
    }
}
