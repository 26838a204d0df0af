package org.masktrain.ntk;

import java.util.ArrayList;
import java.util.List;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.MatrixKernel;
import org.masktrain.masks.BernoulliMaskSampler;
import org.masktrain.masks.CategoricalMaskSampler;
import org.masktrain.masks.MaskKind;
import org.masktrain.masks.MaskSampler;
import org.masktrain.masks.RoundMasks;
import org.masktrain.model.Network;
import org.masktrain.random.RandomStreams;
import org.masktrain.training.TrainingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The neural tangent kernels of a training set, as "On the Convergence of Shallow Neural
 * Network Training with Randomly Masked Neurons" (Liao and Kyrillidis, TMLR 2022,
 * arXiv:2112.02668) defines them. The infinite-width NTK comes in closed form. Optionally
 * the analysis adds the finite-width NTK H(0) of the W_0 that training with the same
 * configuration draws, and the masked NTKs of the masks that training samples first. Each
 * kernel gets its extreme eigenvalues and its distance from the closed form.
 */
public final class NtkAnalysis {

    private static final Logger LOG = LoggerFactory.getLogger(NtkAnalysis.class);

    /**
     * The kernels to compute, and how.
     *
     * @param train the training inputs (and targets, unused)
     * @param config the configuration whose seed, width, kappa, masks and xi apply
     * @param finiteWidth whether to compute H(0) at the configured width
     * @param maskSamples how many masked NTKs to compute, 0 for none; they are the masks of
     *     rounds 0, 1, ... in sub-network order
     * @param eigen how eigenvalues are computed
     */
    public record Request(Dataset train, TrainingConfig config, boolean finiteWidth,
            int maskSamples, EigenSolver.Settings eigen) {

        /** Checks the mask count. */
        public Request {
            if (maskSamples < 0) {
                throw new IllegalArgumentException("mask samples must be >= 0, got "
                        + maskSamples);
            }
        }
    }

    /**
     * One kernel matrix and how it compares with the closed form.
     *
     * @param name what the matrix is, such as {@code H(0)} or {@code mask 3}
     * @param detail the round and sub-network of a mask and its active neurons, or the width
     * @param eigenvalues its extreme eigenvalues
     * @param spectralDistance {@code ||A - Hinf||_2}, NaN for the closed form itself
     * @param frobeniusDistance {@code ||A - Hinf||_F}, NaN for the closed form itself
     */
    public record KernelSummary(String name, String detail, ExtremeEigenvalues eigenvalues,
            double spectralDistance, double frobeniusDistance) {
    }

    /**
     * The analysis of one training set.
     *
     * @param samples n
     * @param inputs d
     * @param keepProbability the xi that scales the closed form and H(0)
     * @param infinite the closed form
     * @param infiniteFrobenius {@code ||Hinf||_F}, to put the distances in proportion
     * @param finite H(0), or null when not requested
     * @param masked the masked NTKs, in sampling order
     * @param theory the theorems' numbers for the configuration
     * @param seconds wall time of the whole analysis
     */
    public record Report(int samples, int inputs, double keepProbability,
            KernelSummary infinite, double infiniteFrobenius, KernelSummary finite,
            List<KernelSummary> masked, TheoryNumbers theory, double seconds) {

        /** Copies the list of masked NTKs. */
        public Report {
            masked = List.copyOf(masked);
        }
    }

    private NtkAnalysis() {
    }

    /** Runs the analysis that {@code request} describes. */
    public static Report run(Request request) {
        long start = System.nanoTime();
        TrainingConfig config = request.config();
        Dataset train = request.train();
        double xi = config.meanKeepProbability();
        MatrixKernel kernel = config.kernel().create();
        int threads = config.threads();
        EigenSolver.Settings eigen = request.eigen();

        try (InfiniteWidthNtk closedForm = new InfiniteWidthNtk(train.x(), xi, kernel,
                threads)) {
            // The closed form.
            ExtremeEigenvalues infinite = EigenSolver.extremes(closedForm, eigen);
            LOG.info("infinite-width NTK: lambda_min {}, lambda_max {} ({})", infinite.min(),
                    infinite.max(), infinite.method().description());
            KernelSummary infiniteSummary = new KernelSummary("Hinf", "closed form", infinite,
                    Double.NaN, Double.NaN);
            double infiniteFrobenius = closedForm.frobeniusNorm();

            // H(0) and the masked NTKs of the W_0 that training draws from the same seed.
            KernelSummary finite = null;
            List<KernelSummary> masked = new ArrayList<>();
            if (request.finiteWidth() || request.maskSamples() > 0) {
                RandomStreams streams = new RandomStreams(config.seed());
                Network initial = Network.initialize(config.width(), train.d(), train.c(),
                        config.kappa(), streams);
                if (request.finiteWidth()) {
                    try (FiniteWidthNtk full = FiniteWidthNtk.full(train.x(), initial.weights(),
                            xi, kernel, threads)) {
                        finite = compare("H(0)", "m = " + config.width() + ", seed "
                                + config.seed(), full, closedForm, eigen, threads);
                    }
                }
                MaskSampler sampler = sampler(config, streams);
                int round = 0;
                while (masked.size() < request.maskSamples()) {
                    RoundMasks masks = sampler.sample(round);
                    for (int l = 0; l < masks.subnetworks()
                            && masked.size() < request.maskSamples(); l++) {
                        int[] active = masks.active()[l];
                        try (FiniteWidthNtk maskedKernel = FiniteWidthNtk.masked(train.x(),
                                initial.weights(), active, kernel, threads)) {
                            masked.add(compare("mask " + (masked.size() + 1), "round " + round
                                    + ", sub-network " + l + ", " + active.length + " neurons",
                                    maskedKernel, closedForm, eigen, threads));
                        }
                    }
                    round++;
                }
            }

            TheoryNumbers theory = ConvergenceTheory.evaluate(TheoryInputs.of(config,
                    train.n(), train.d(), infinite.min(), infinite.max()));
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Report(train.n(), train.d(), xi, infiniteSummary, infiniteFrobenius,
                    finite, masked, theory, seconds);
        }
    }

    private static KernelSummary compare(String name, String detail, KernelMatrix matrix,
            InfiniteWidthNtk closedForm, EigenSolver.Settings eigen, int threads) {
        ExtremeEigenvalues eigenvalues = EigenSolver.extremes(matrix, eigen);
        double spectral;
        double frobenius;
        try (KernelMatrix difference = KernelMatrix.difference(matrix, closedForm, threads)) {
            spectral = EigenSolver.extremes(difference, eigen).spectralNorm();
            frobenius = difference.frobeniusNorm();
        }
        LOG.info("{} ({}): lambda_min {}, lambda_max {}, ||. - Hinf||_2 {}, ||. - Hinf||_F {}",
                name, detail, eigenvalues.min(), eigenvalues.max(), spectral, frobenius);
        return new KernelSummary(name, detail, eigenvalues, spectral, frobenius);
    }

    /** Returns the mask sampler that training with {@code config} uses. */
    static MaskSampler sampler(TrainingConfig config, RandomStreams streams) {
        if (config.masks() == MaskKind.CATEGORICAL) {
            return new CategoricalMaskSampler(config.width(), config.subnetworks(), streams);
        }
        return new BernoulliMaskSampler(config.width(), config.keepProbabilities(), streams);
    }
}
