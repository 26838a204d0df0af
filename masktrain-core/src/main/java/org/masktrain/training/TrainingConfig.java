package org.masktrain.training;

import java.io.Serializable;
import java.util.Arrays;
import org.masktrain.InvalidInputException;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;
import org.masktrain.model.Scaling;

/**
 * The resolved parameters of randomly masked training (Algorithm 1 of "On the Convergence of
 * Shallow Neural Network Training with Randomly Masked Neurons", Liao and Kyrillidis, TMLR
 * 2022, arXiv:2112.02668). Immutable; build it with {@link #builder()}, which declares every
 * default once and validates every field. Builder methods are named after the command-line
 * options, and error messages name those options.
 *
 * @param width m, the number of hidden neurons
 * @param kappa the standard deviation of the initial weights, {@code w_r ~ N(0, kappa^2 I)}
 * @param masks the mask distribution
 * @param keepProbabilities xi_l per sub-network (length p); all equal to 1/p for categorical
 *     masks
 * @param subnetworks p, the number of sub-networks per round
 * @param localSteps tau, the local gradient steps each sub-network takes per round
 * @param rounds K, the number of rounds
 * @param learningRate eta in the NTK parametrization
 * @param batchSize the minibatch size of a local step; 0 means full batch
 * @param scaling paper or inverted scaling of the networks by xi
 * @param reduction sum or mean over samples in the gradient
 * @param seed the root seed from which every random draw derives
 * @param threads how many sub-networks train at once; never changes the results
 * @param kernel the matrix-product route
 * @param localSolver how local steps are computed; never changes the results beyond rounding
 * @param preset the named special case the parameters came from, or null
 */
public record TrainingConfig(
        int width,
        double kappa,
        MaskKind masks,
        double[] keepProbabilities,
        int subnetworks,
        int localSteps,
        int rounds,
        double learningRate,
        int batchSize,
        Scaling scaling,
        Reduction reduction,
        long seed,
        int threads,
        KernelChoice kernel,
        LocalSolver localSolver,
        Preset preset) implements Serializable {

    public static final int DEFAULT_WIDTH = 500;
    public static final double DEFAULT_KAPPA = 1.0;
    public static final MaskKind DEFAULT_MASKS = MaskKind.BERNOULLI;
    public static final double DEFAULT_KEEP_PROBABILITY = 0.5;
    public static final int DEFAULT_SUBNETWORKS = 10;
    public static final int DEFAULT_LOCAL_STEPS = 10;
    public static final int DEFAULT_ROUNDS = 20;
    public static final double DEFAULT_LEARNING_RATE = 50.0;
    public static final int DEFAULT_BATCH_SIZE = 0;
    public static final Scaling DEFAULT_SCALING = Scaling.PAPER;
    public static final Reduction DEFAULT_REDUCTION = Reduction.MEAN;
    public static final long DEFAULT_SEED = 0L;

    /**
     * Largest {@code --threads}: far above any core count, and below the 32767 threads a
     * {@link java.util.concurrent.ForkJoinPool} accepts.
     */
    public static final int MAX_THREADS = 4096;
    public static final KernelChoice DEFAULT_KERNEL = KernelChoice.AUTO;
    public static final LocalSolver DEFAULT_LOCAL_SOLVER = LocalSolver.AUTO;

    public TrainingConfig {
        keepProbabilities = keepProbabilities.clone();
    }

    /** Returns xi_l per sub-network as a copy. */
    @Override
    public double[] keepProbabilities() {
        return keepProbabilities.clone();
    }

    /** Returns the mean keep probability, the xi of the full network. */
    public double meanKeepProbability() {
        return Arrays.stream(keepProbabilities).average().orElseThrow();
    }

    /** Returns whether local steps use minibatches rather than the full batch. */
    public boolean minibatch() {
        return batchSize > 0;
    }

    /** Returns a builder holding this configuration's values, all marked as given. */
    public Builder toBuilder() {
        Builder builder = new Builder()
                .width(width).kappa(kappa).masks(masks).subnets(subnetworks)
                .localSteps(localSteps).rounds(rounds).learningRate(learningRate)
                .batchSize(batchSize).scaling(scaling).reduction(reduction).seed(seed)
                .threads(threads).kernel(kernel).localSolver(localSolver);
        if (masks == MaskKind.BERNOULLI) {
            builder.xi(keepProbabilities);
        }
        if (preset != null) {
            builder.preset(preset);
        }
        return builder;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrainingConfig that
                && width == that.width && Double.compare(kappa, that.kappa) == 0
                && masks == that.masks
                && Arrays.equals(keepProbabilities, that.keepProbabilities)
                && subnetworks == that.subnetworks && localSteps == that.localSteps
                && rounds == that.rounds
                && Double.compare(learningRate, that.learningRate) == 0
                && batchSize == that.batchSize && scaling == that.scaling
                && reduction == that.reduction && seed == that.seed
                && threads == that.threads && kernel == that.kernel
                && localSolver == that.localSolver && preset == that.preset;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {width, kappa, masks,
            Arrays.hashCode(keepProbabilities), subnetworks, localSteps, rounds, learningRate,
            batchSize, scaling, reduction, seed, threads, kernel, localSolver, preset});
    }

    @Override
    public String toString() {
        return "TrainingConfig[m=" + width + ", kappa=" + kappa + ", masks=" + masks.label()
                + ", xi=" + Arrays.toString(keepProbabilities) + ", p=" + subnetworks
                + ", tau=" + localSteps + ", K=" + rounds + ", eta=" + learningRate
                + ", batch=" + batchSize + ", scaling=" + scaling.label()
                + ", reduction=" + reduction.label() + ", seed=" + seed
                + ", threads=" + threads + ", kernel=" + kernel.label()
                + ", solver=" + localSolver.label()
                + (preset == null ? "" : ", preset=" + preset.label()) + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects parameters; a field left unset takes the preset's value, else the default.
     * Not thread-safe.
     */
    public static final class Builder {
        Integer width;
        Double kappa;
        MaskKind masks;
        double[] keepProbabilities;
        Integer subnetworks;
        Integer localSteps;
        Integer rounds;
        Double learningRate;
        Double learningRateStandard;
        Integer batchSize;
        Scaling scaling;
        Reduction reduction;
        Long seed;
        Integer threads;
        KernelChoice kernel;
        LocalSolver localSolver;
        Preset preset;

        Builder() {
        }

        /** Sets the number of hidden neurons m ({@code --width}). */
        public Builder width(int value) {
            width = value;
            return this;
        }

        /** Sets the initial weight scale kappa ({@code --kappa}). */
        public Builder kappa(double value) {
            kappa = value;
            return this;
        }

        /** Sets the mask distribution ({@code --masks}). */
        public Builder masks(MaskKind value) {
            masks = value;
            return this;
        }

        /** Sets one keep probability xi for all sub-networks, or one per sub-network. */
        public Builder xi(double... values) {
            keepProbabilities = values.clone();
            return this;
        }

        /** Sets the number of sub-networks p per round ({@code --subnets}). */
        public Builder subnets(int value) {
            subnetworks = value;
            return this;
        }

        /** Sets the local steps tau ({@code --local-steps}). */
        public Builder localSteps(int value) {
            localSteps = value;
            return this;
        }

        /** Sets the number of rounds K ({@code --rounds}). */
        public Builder rounds(int value) {
            rounds = value;
            return this;
        }

        /** Sets the step size eta in the NTK parametrization ({@code --lr}). */
        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        /**
         * Sets the step size in the standard parametrization ({@code --lr-std}), where
         * {@code W_std = W / sqrt(m)}; it becomes {@code eta = m * value}.
         */
        public Builder learningRateStandard(double value) {
            learningRateStandard = value;
            return this;
        }

        /** Sets the minibatch size of local steps, 0 for full batch ({@code --batch-size}). */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /** Sets paper or inverted scaling ({@code --scaling}). */
        public Builder scaling(Scaling value) {
            scaling = value;
            return this;
        }

        /** Sets sum or mean reduction ({@code --reduction}). */
        public Builder reduction(Reduction value) {
            reduction = value;
            return this;
        }

        /** Sets the root seed ({@code --seed}). */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Sets how many sub-networks train at once ({@code --threads}); 0 means all cores. */
        public Builder threads(int value) {
            threads = value;
            return this;
        }

        /** Sets the matrix-product route ({@code --kernel}). */
        public Builder kernel(KernelChoice value) {
            kernel = value;
            return this;
        }

        /** Sets how local steps are computed ({@code --local-solver}). */
        public Builder localSolver(LocalSolver value) {
            localSolver = value;
            return this;
        }

        /** Selects a named special case ({@code --preset}). */
        public Builder preset(Preset value) {
            preset = value;
            return this;
        }

        /** Validates every field and returns the configuration. */
        public TrainingConfig build() {
            if (preset != null) {
                preset.applyTo(this);
            }
            int m = orDefault(width, DEFAULT_WIDTH);
            requireAtLeast("--width", m, 1);
            double kappaValue = orDefault(kappa, DEFAULT_KAPPA);
            if (!(kappaValue > 0 && Double.isFinite(kappaValue))) {
                throw new InvalidInputException("--kappa must be a positive finite number, got "
                        + kappaValue);
            }
            MaskKind kind = masks == null ? DEFAULT_MASKS : masks;
            int p = orDefault(subnetworks, DEFAULT_SUBNETWORKS);
            requireAtLeast("--subnets", p, 1);
            int tau = orDefault(localSteps, DEFAULT_LOCAL_STEPS);
            requireAtLeast("--local-steps", tau, 1);
            int k = orDefault(rounds, DEFAULT_ROUNDS);
            requireAtLeast("--rounds", k, 1);
            double[] xi = resolveKeepProbabilities(kind, p, m);
            double eta = resolveLearningRate(m);
            int batch = orDefault(batchSize, DEFAULT_BATCH_SIZE);
            if (batch < 0) {
                throw new InvalidInputException("--batch-size must be >= 1, or 0 for full "
                        + "batch, got " + batch);
            }
            int threadCount = orDefault(threads, 0);
            if (threadCount < 0 || threadCount > MAX_THREADS) {
                throw new InvalidInputException("--threads must be in 1.." + MAX_THREADS
                        + ", or 0 for one per core, got " + threadCount);
            }
            if (threadCount == 0) {
                threadCount = Runtime.getRuntime().availableProcessors();
            }
            return new TrainingConfig(m, kappaValue, kind, xi, p, tau, k, eta, batch,
                    scaling == null ? DEFAULT_SCALING : scaling,
                    reduction == null ? DEFAULT_REDUCTION : reduction,
                    seed == null ? DEFAULT_SEED : seed, threadCount,
                    kernel == null ? DEFAULT_KERNEL : kernel,
                    localSolver == null ? DEFAULT_LOCAL_SOLVER : localSolver, preset);
        }

        private double[] resolveKeepProbabilities(MaskKind kind, int p, int m) {
            if (kind == MaskKind.CATEGORICAL) {
                if (keepProbabilities != null) {
                    throw new InvalidInputException("--xi does not apply to categorical masks, "
                            + "whose keep probability is 1/p; drop --xi or use --masks "
                            + "bernoulli");
                }
                if (p > m) {
                    throw new InvalidInputException("--subnets " + p + " exceeds --width " + m
                            + ": categorical masks need at least one neuron per sub-network "
                            + "on average; use --subnets <= " + m);
                }
                double[] xi = new double[p];
                Arrays.fill(xi, 1.0 / p);
                return xi;
            }
            double[] given = keepProbabilities == null
                    ? new double[] {DEFAULT_KEEP_PROBABILITY} : keepProbabilities;
            if (given.length != 1 && given.length != p) {
                throw new InvalidInputException("--xi lists " + given.length
                        + " keep probabilities but --subnets is " + p
                        + "; give one value or exactly " + p);
            }
            for (double value : given) {
                if (!(value > 0 && value <= 1)) {
                    throw new InvalidInputException("--xi must be in (0, 1], got " + value);
                }
            }
            double[] xi = new double[p];
            for (int l = 0; l < p; l++) {
                xi[l] = given.length == 1 ? given[0] : given[l];
            }
            return xi;
        }

        private double resolveLearningRate(int m) {
            if (learningRate != null && learningRateStandard != null) {
                throw new InvalidInputException("--lr and --lr-std both given; give the step "
                        + "size once, in the NTK (--lr) or standard (--lr-std) parametrization");
            }
            double eta;
            String option;
            if (learningRateStandard != null) {
                option = "--lr-std";
                checkStepSize(option, learningRateStandard);
                eta = m * learningRateStandard;
                if (!Double.isFinite(eta)) {
                    throw new InvalidInputException("--lr-std " + learningRateStandard
                            + " times --width " + m + " overflows the step size; give a "
                            + "smaller --lr-std");
                }
            } else {
                option = "--lr";
                eta = orDefault(learningRate, DEFAULT_LEARNING_RATE);
                checkStepSize(option, eta);
            }
            return eta;
        }

        private static void checkStepSize(String option, double value) {
            if (!(value > 0 && Double.isFinite(value))) {
                throw new InvalidInputException(option
                        + " must be a positive finite step size, got " + value);
            }
        }

        private static void requireAtLeast(String option, int value, int minimum) {
            if (value < minimum) {
                throw new InvalidInputException(option + " must be >= " + minimum + ", got "
                        + value);
            }
        }

        private static <T> T orDefault(T value, T fallback) {
            return value == null ? fallback : value;
        }
    }
}
