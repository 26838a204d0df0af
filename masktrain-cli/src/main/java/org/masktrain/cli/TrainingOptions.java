package org.masktrain.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;
import org.masktrain.model.Scaling;
import org.masktrain.training.LocalSolver;
import org.masktrain.training.Preset;
import org.masktrain.training.TrainingConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The options that set the model and Algorithm 1. An option left out takes the preset's value,
 * else the default of {@link TrainingConfig}; both are shown in the help.
 */
final class TrainingOptions {

    @Option(names = "--preset", paramLabel = "NAME", converter = PresetConverter.class,
            description = "A named special case that fixes some options: full-gd (xi = 1, "
                    + "p = 1, tau = 1), dropout (p = 1, tau = 1), multi-sample-dropout "
                    + "(tau = 1), ist-bernoulli, ist-categorical (categorical masks).")
    Preset preset;

    @Option(names = {"-m", "--width"}, paramLabel = "M",
            description = "Hidden neurons m (default: " + TrainingConfig.DEFAULT_WIDTH + ").")
    Integer width;

    @Option(names = "--kappa", paramLabel = "K",
            description = "Standard deviation of the initial weights, w_r ~ N(0, kappa^2 I) "
                    + "(default: " + TrainingConfig.DEFAULT_KAPPA + ").")
    Double kappa;

    @Option(names = "--masks", paramLabel = "KIND",
            description = "Mask distribution: bernoulli (each neuron kept with probability xi) "
                    + "or categorical (each neuron in exactly one of p sub-networks) "
                    + "(default: bernoulli).")
    MaskKind masks;

    @Option(names = "--xi", paramLabel = "XI", split = ",",
            description = "Keep probability of Bernoulli masks in (0, 1]: one value, or p "
                    + "comma-separated values, one per sub-network (default: "
                    + TrainingConfig.DEFAULT_KEEP_PROBABILITY + ").")
    List<Double> xi;

    @Option(names = {"-p", "--subnets"}, paramLabel = "P",
            description = "Sub-networks per round p (default: "
                    + TrainingConfig.DEFAULT_SUBNETWORKS + ").")
    Integer subnets;

    @Option(names = {"-t", "--local-steps"}, paramLabel = "TAU",
            description = "Local gradient steps tau per sub-network and round (default: "
                    + TrainingConfig.DEFAULT_LOCAL_STEPS + ").")
    Integer localSteps;

    @Option(names = {"-K", "--rounds"}, paramLabel = "K",
            description = "Rounds K (default: " + TrainingConfig.DEFAULT_ROUNDS + ").")
    Integer rounds;

    @Option(names = "--lr", paramLabel = "ETA",
            description = "Step size eta in the NTK parametrization, where f has the factor "
                    + "1/sqrt(m) (default: " + TrainingConfig.DEFAULT_LEARNING_RATE + ").")
    Double lr;

    @Option(names = "--lr-std", paramLabel = "ETA_STD",
            description = "Step size in the standard parametrization (W_std = W / sqrt(m)), "
                    + "as PyTorch code would set it; converted to eta = m * ETA_STD. "
                    + "Use instead of --lr.")
    Double lrStd;

    @Option(names = {"-b", "--batch-size"}, paramLabel = "B",
            description = "Minibatch size of a local step; 0 means full-batch gradient descent "
                    + "(default: " + TrainingConfig.DEFAULT_BATCH_SIZE + ").")
    Integer batchSize;

    @Option(names = "--scaling", paramLabel = "MODE",
            description = "paper: the full network is xi * f and a sub-network f_mm; inverted: "
                    + "the full network is f and a sub-network f_mm / xi, as dropout layers do "
                    + "(default: paper).")
    Scaling scaling;

    @Option(names = "--reduction", paramLabel = "MODE",
            description = "sum: the gradient of ||Y - f||^2 / 2 as the theory writes it; mean: "
                    + "that gradient divided by the sample count (default: mean).")
    Reduction reduction;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Root seed of every random draw (default: "
                    + TrainingConfig.DEFAULT_SEED + ").")
    Long seed;

    @Option(names = "--threads", paramLabel = "N",
            description = "Sub-networks trained at once, at most "
                    + TrainingConfig.MAX_THREADS + "; 0 means one per core. Never changes "
                    + "the results (default: 0).")
    Integer threads;

    @Option(names = "--kernel", paramLabel = "NAME",
            description = "Matrix-product route: auto (OpenBLAS, else pure Java), openblas or "
                    + "java (default: auto).")
    KernelChoice kernel;

    @Option(names = "--local-solver", paramLabel = "NAME",
            description = "How local steps are computed: direct (two n x d x h products per "
                    + "step), gram (one n x n x h product per step, using X X^T computed once), "
                    + "or auto (the one with fewer multiply-adds whose memory fits). Changes "
                    + "results only by rounding (default: auto).")
    LocalSolver localSolver;

    /** Returns a builder holding the options that were given. */
    TrainingConfig.Builder toBuilder() {
        TrainingConfig.Builder builder = TrainingConfig.builder();
        if (preset != null) {
            builder.preset(preset);
        }
        if (width != null) {
            builder.width(width);
        }
        if (kappa != null) {
            builder.kappa(kappa);
        }
        if (masks != null) {
            builder.masks(masks);
        }
        if (xi != null) {
            builder.xi(xi.stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (subnets != null) {
            builder.subnets(subnets);
        }
        if (localSteps != null) {
            builder.localSteps(localSteps);
        }
        if (rounds != null) {
            builder.rounds(rounds);
        }
        if (lr != null) {
            builder.learningRate(lr);
        }
        if (lrStd != null) {
            builder.learningRateStandard(lrStd);
        }
        if (batchSize != null) {
            builder.batchSize(batchSize);
        }
        if (scaling != null) {
            builder.scaling(scaling);
        }
        if (reduction != null) {
            builder.reduction(reduction);
        }
        if (seed != null) {
            builder.seed(seed);
        }
        if (threads != null) {
            builder.threads(threads);
        }
        if (kernel != null) {
            builder.kernel(kernel);
        }
        if (localSolver != null) {
            builder.localSolver(localSolver);
        }
        return builder;
    }

    /**
     * Writes the resolved configuration under the option names, so that the file given back
     * with {@code --config} repeats the run. The step size is written as {@code lr} (NTK).
     */
    static void writeParameters(TrainingConfig config, ObjectNode node) {
        if (config.preset() != null) {
            node.put("preset", config.preset().label());
        }
        node.put("width", config.width());
        node.put("kappa", config.kappa());
        node.put("masks", config.masks().label());
        if (config.masks() == MaskKind.BERNOULLI) {
            double[] keep = config.keepProbabilities();
            boolean uniform = java.util.Arrays.stream(keep).allMatch(v -> v == keep[0]);
            if (uniform) {
                node.put("xi", keep[0]);
            } else {
                var array = node.putArray("xi");
                for (double value : keep) {
                    array.add(value);
                }
            }
        }
        node.put("subnets", config.subnetworks());
        node.put("local-steps", config.localSteps());
        node.put("rounds", config.rounds());
        node.put("lr", config.learningRate());
        node.put("batch-size", config.batchSize());
        node.put("scaling", config.scaling().label());
        node.put("reduction", config.reduction().label());
        node.put("seed", config.seed());
        node.put("threads", config.threads());
        node.put("kernel", config.kernel().label());
        node.put("local-solver", config.localSolver().label());
    }

    /** Parses preset names such as {@code ist-categorical}. */
    static final class PresetConverter implements ITypeConverter<Preset> {
        @Override
        public Preset convert(String value) {
            try {
                return Preset.fromLabel(value);
            } catch (org.masktrain.InvalidInputException e) {
                throw new picocli.CommandLine.TypeConversionException("unknown preset '" + value
                        + "'; accepted: " + Preset.labels());
            }
        }
    }
}
