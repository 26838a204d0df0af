package org.masktrain.training;

import java.util.Arrays;
import java.util.Locale;
import org.masktrain.InvalidInputException;
import org.masktrain.masks.MaskKind;

/**
 * Named special cases of randomly masked training. A preset fixes some parameters and leaves
 * the rest to the user; giving a fixed parameter a different value is an error.
 */
public enum Preset {
    /** Plain gradient descent: xi = 1, p = 1, tau = 1. */
    FULL_GD("full-gd", MaskKind.BERNOULLI, 1.0, 1, 1),
    /** Dropout: Bernoulli(xi) masks, p = 1, tau = 1. */
    DROPOUT("dropout", MaskKind.BERNOULLI, null, 1, 1),
    /** Multi-sample dropout: Bernoulli(xi) masks, p sub-networks, tau = 1. */
    MULTI_SAMPLE_DROPOUT("multi-sample-dropout", MaskKind.BERNOULLI, null, null, 1),
    /** Independent Subnetwork Training with Bernoulli(xi) masks, p and tau free. */
    IST_BERNOULLI("ist-bernoulli", MaskKind.BERNOULLI, null, null, null),
    /** Independent Subnetwork Training with a categorical partition into p sub-networks. */
    IST_CATEGORICAL("ist-categorical", MaskKind.CATEGORICAL, null, null, null);

    private final String label;
    private final MaskKind masks;
    private final Double keepProbability;
    private final Integer subnetworks;
    private final Integer localSteps;

    Preset(String label, MaskKind masks, Double keepProbability, Integer subnetworks,
            Integer localSteps) {
        this.label = label;
        this.masks = masks;
        this.keepProbability = keepProbability;
        this.subnetworks = subnetworks;
        this.localSteps = localSteps;
    }

    /** Returns the name used on the command line, for example {@code ist-categorical}. */
    public String label() {
        return label;
    }

    /** Returns the preset named {@code label}, or fails with the accepted names. */
    public static Preset fromLabel(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Preset preset : values()) {
            if (preset.label.equals(wanted)) {
                return preset;
            }
        }
        throw new InvalidInputException("--preset: unknown preset '" + label
                + "'; accepted: " + labels());
    }

    /** Returns the accepted names, comma separated. */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(Preset::label).toList());
    }

    /** Applies the preset's fixed values to {@code builder}, rejecting conflicting ones. */
    void applyTo(TrainingConfig.Builder builder) {
        builder.masks = fix("--masks", builder.masks, masks);
        if (keepProbability != null) {
            if (builder.keepProbabilities != null
                    && !(builder.keepProbabilities.length == 1
                            && builder.keepProbabilities[0] == keepProbability)) {
                throw conflict("--xi", Arrays.toString(builder.keepProbabilities),
                        keepProbability);
            }
            builder.keepProbabilities = new double[] {keepProbability};
        }
        builder.subnetworks = fix("--subnets", builder.subnetworks, subnetworks);
        builder.localSteps = fix("--local-steps", builder.localSteps, localSteps);
    }

    private <T> T fix(String option, T given, T fixed) {
        if (fixed == null) {
            return given;
        }
        if (given != null && !given.equals(fixed)) {
            throw conflict(option, given, fixed);
        }
        return fixed;
    }

    private InvalidInputException conflict(String option, Object given, Object fixed) {
        String shown = fixed instanceof MaskKind kind ? kind.label() : String.valueOf(fixed);
        String givenShown = given instanceof MaskKind kind ? kind.label() : String.valueOf(given);
        return new InvalidInputException("--preset " + label + " fixes " + option + " to "
                + shown + ", but " + option + " " + givenShown + " was given; drop "
                + option + " or choose another preset");
    }
}
