package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.masktrain.InvalidInputException;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;

/** Checks the validation, defaults and presets of {@link TrainingConfig}. */
class TrainingConfigTest {

    private static final long SEED = 77L;

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                invalid("xi 0", b -> b.xi(0.0), "--xi", "0.0"),
                invalid("xi 1.5", b -> b.xi(1.5), "--xi", "1.5"),
                invalid("xi NaN", b -> b.xi(Double.NaN), "--xi", "NaN"),
                invalid("xi -0.5 in a list", b -> b.subnets(2).xi(0.5, -0.5), "--xi", "-0.5"),
                invalid("subnets 0", b -> b.subnets(0), "--subnets", "0"),
                invalid("local-steps 0", b -> b.localSteps(0), "--local-steps", "0"),
                invalid("width 0", b -> b.width(0), "--width", "0"),
                invalid("rounds 0", b -> b.rounds(0), "--rounds", "0"),
                invalid("lr 0", b -> b.learningRate(0.0), "--lr", "0.0"),
                invalid("lr -1", b -> b.learningRate(-1.0), "--lr", "-1.0"),
                invalid("lr NaN", b -> b.learningRate(Double.NaN), "--lr", "NaN"),
                invalid("lr Infinity", b -> b.learningRate(Double.POSITIVE_INFINITY), "--lr",
                        "Infinity"),
                invalid("lr-std NaN", b -> b.learningRateStandard(Double.NaN), "--lr-std",
                        "NaN"),
                invalid("lr-std 0", b -> b.learningRateStandard(0.0), "--lr-std", "0.0"),
                invalid("lr and lr-std", b -> b.learningRate(1.0).learningRateStandard(0.1),
                        "--lr-std", "--lr "),
                invalid("kappa 0", b -> b.kappa(0.0), "--kappa", "0.0"),
                invalid("kappa NaN", b -> b.kappa(Double.NaN), "--kappa", "NaN"),
                invalid("batch-size -1", b -> b.batchSize(-1), "--batch-size", "-1"),
                invalid("threads -1", b -> b.threads(-1), "--threads", "-1"),
                invalid("categorical subnets above width",
                        b -> b.masks(MaskKind.CATEGORICAL).width(4).subnets(5), "--subnets",
                        "5"),
                invalid("xi with categorical", b -> b.masks(MaskKind.CATEGORICAL).xi(0.5),
                        "--xi", "categorical"),
                invalid("xi list of wrong length", b -> b.subnets(2).xi(0.5, 0.6, 0.7),
                        "--xi", "3"),
                invalid("dropout with subnets 3", b -> b.preset(Preset.DROPOUT).subnets(3),
                        "--subnets", "3"),
                invalid("full-gd with xi 0.5", b -> b.preset(Preset.FULL_GD).xi(0.5), "--xi",
                        "0.5"),
                invalid("ist-categorical with bernoulli",
                        b -> b.preset(Preset.IST_CATEGORICAL).masks(MaskKind.BERNOULLI),
                        "--masks", "bernoulli"));
    }

    private static Arguments invalid(String name, UnaryOperator<TrainingConfig.Builder> change,
            String option, String value) {
        return Arguments.of(name, change, option, value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void invalidValueNamesOptionAndValue(String name,
            UnaryOperator<TrainingConfig.Builder> change, String option, String value) {
        TrainingConfig.Builder builder = change.apply(TrainingConfig.builder());

        InvalidInputException error = assertThrows(InvalidInputException.class, builder::build,
                name);

        assertTrue(error.getMessage().contains(option),
                "message should name " + option + ": " + error.getMessage());
        assertTrue(error.getMessage().contains(value),
                "message should name " + value + ": " + error.getMessage());
        assertFalse(error.getMessage().contains("\n"),
                "message should be one line: " + error.getMessage());
    }

    @Test
    void defaultsAreDeclaredConstants() {
        TrainingConfig config = TrainingConfig.builder().build();

        assertEquals(TrainingConfig.DEFAULT_WIDTH, config.width(), "width");
        assertEquals(TrainingConfig.DEFAULT_MASKS, config.masks(), "masks");
        assertEquals(TrainingConfig.DEFAULT_SUBNETWORKS, config.subnetworks(), "subnetworks");
        assertEquals(TrainingConfig.DEFAULT_LOCAL_STEPS, config.localSteps(), "local steps");
        assertEquals(TrainingConfig.DEFAULT_ROUNDS, config.rounds(), "rounds");
        assertEquals(TrainingConfig.DEFAULT_LEARNING_RATE, config.learningRate(), 0.0, "eta");
        assertEquals(TrainingConfig.DEFAULT_KEEP_PROBABILITY, config.meanKeepProbability(),
                0.0, "xi");
        assertEquals(TrainingConfig.DEFAULT_SUBNETWORKS, config.keepProbabilities().length,
                "one xi per sub-network");
        assertEquals(Runtime.getRuntime().availableProcessors(), config.threads(),
                "threads 0 means all cores");
        assertNull(config.preset(), "preset");
    }

    @Test
    void fullGdPresetFixesXiSubnetsAndSteps() {
        TrainingConfig config = TrainingConfig.builder().preset(Preset.FULL_GD).build();

        assertArrayEquals(new double[] {1.0}, config.keepProbabilities(), "xi");
        assertEquals(1, config.subnetworks(), "p");
        assertEquals(1, config.localSteps(), "tau");
        assertEquals(MaskKind.BERNOULLI, config.masks(), "masks");
        assertEquals(Preset.FULL_GD, config.preset(), "preset");
    }

    @Test
    void fullGdPresetAcceptsItsOwnValues() {
        TrainingConfig config = TrainingConfig.builder().preset(Preset.FULL_GD).xi(1.0)
                .subnets(1).localSteps(1).build();

        assertEquals(1, config.subnetworks(), "p");
    }

    @Test
    void dropoutPresetKeepsGivenXi() {
        TrainingConfig config = TrainingConfig.builder().preset(Preset.DROPOUT).xi(0.3)
                .build();

        assertArrayEquals(new double[] {0.3}, config.keepProbabilities(), "xi");
        assertEquals(1, config.subnetworks(), "p");
        assertEquals(1, config.localSteps(), "tau");
    }

    @Test
    void istCategoricalPresetSetsCategorical() {
        TrainingConfig config = TrainingConfig.builder().preset(Preset.IST_CATEGORICAL)
                .subnets(4).localSteps(5).build();

        assertEquals(MaskKind.CATEGORICAL, config.masks(), "masks");
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, config.keepProbabilities(),
                "xi = 1/p");
        assertEquals(5, config.localSteps(), "tau");
    }

    @Test
    void presetLabelsRoundTrip() {
        for (Preset preset : Preset.values()) {
            assertEquals(preset, Preset.fromLabel(preset.label()), preset.label());
        }
        assertEquals(Preset.IST_CATEGORICAL, Preset.fromLabel(" IST_Categorical "),
                "label with case, underscore and spaces");
    }

    @Test
    void unknownPresetNamesAcceptedLabels() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> Preset.fromLabel("sgd"));

        assertTrue(error.getMessage().contains("sgd"), error.getMessage());
        assertTrue(error.getMessage().contains("ist-categorical"), error.getMessage());
    }

    @Test
    void xiListSetsPerSubnetworkValues() {
        TrainingConfig config = TrainingConfig.builder().subnets(2).xi(0.2, 0.9).build();

        assertArrayEquals(new double[] {0.2, 0.9}, config.keepProbabilities(), "xi_l");
        assertEquals(0.55, config.meanKeepProbability(), 1e-15, "mean xi");
    }

    @Test
    void singleXiFillsEverySubnetwork() {
        TrainingConfig config = TrainingConfig.builder().subnets(3).xi(0.4).build();

        assertArrayEquals(new double[] {0.4, 0.4, 0.4}, config.keepProbabilities(), "xi_l");
    }

    @Test
    void standardLearningRateScalesByWidth() {
        TrainingConfig config = TrainingConfig.builder().width(500).learningRateStandard(0.1)
                .build();

        assertEquals(500 * 0.1, config.learningRate(), 1e-12, "eta = m * lr_std");
    }

    /**
     * A standard-parametrization step size that is finite itself can still give an infinite
     * eta = m * lr_std, which --lr would reject.
     */
    @Test
    void overflowingStandardLearningRateIsRejected() {
        TrainingConfig.Builder builder = TrainingConfig.builder().width(500)
                .learningRateStandard(1e308);

        InvalidInputException error = assertThrows(InvalidInputException.class, builder::build);

        assertTrue(error.getMessage().contains("--lr-std"), error.getMessage());
    }

    @Test
    void toBuilderRebuildsEqualConfig() {
        TrainingConfig config = TrainingConfig.builder().width(40).subnets(2).xi(0.2, 0.9)
                .localSteps(3).rounds(7).learningRate(2.5).batchSize(4).seed(SEED).threads(2)
                .kernel(KernelChoice.JAVA).preset(Preset.IST_BERNOULLI).build();

        TrainingConfig rebuilt = config.toBuilder().build();

        assertEquals(config, rebuilt, "rebuilt configuration");
        assertEquals(config.hashCode(), rebuilt.hashCode(), "hash code");
    }

    @Test
    void keepProbabilitiesAreCopied() {
        double[] xi = {0.2, 0.9};
        TrainingConfig config = TrainingConfig.builder().subnets(2).xi(xi).build();

        xi[0] = 0.5;
        config.keepProbabilities()[1] = 0.5;

        assertArrayEquals(new double[] {0.2, 0.9}, config.keepProbabilities(), "xi_l");
    }

    @Test
    void batchLargerThanSamplesFailsAtTraining() {
        Dataset data = TestProblems.dataset(SEED, 12, 4, 1);
        TrainingConfig config = TrainingConfig.builder().width(8).subnets(1).localSteps(1)
                .rounds(1).learningRate(0.01).batchSize(13).seed(SEED).threads(1)
                .kernel(KernelChoice.JAVA).build();
        Trainer trainer = new Trainer(config);

        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> trainer.train(data, null));

        assertTrue(error.getMessage().contains("--batch-size"), error.getMessage());
        assertTrue(error.getMessage().contains("13"), error.getMessage());
        assertTrue(error.getMessage().contains("12"), error.getMessage());
    }
}
