package org.masktrain.experiments;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.masktrain.training.TrainingConfig;

/**
 * One run of a sweep: a grid point of a figure and a repetition. Its run directory is
 * {@code cells/<group name>/rep<NN>} under the sweep directory.
 *
 * @param group the index of the grid point, from 0
 * @param groupName the grid point as a folder name, such as {@code xi0.50-p04}
 * @param repetition the repetition, from 0
 * @param parameters the grid point's parameters by name, in the order they are shown
 * @param config the training configuration, with the seed of this cell and repetition
 */
public record SweepCell(int group, String groupName, int repetition,
        Map<String, Object> parameters, TrainingConfig config) {

    /** Copies the parameter map. */
    public SweepCell {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Returns the run directory relative to the sweep directory, with '/' separators. */
    public String relativePath() {
        return "cells/" + groupName + "/" + repetitionName(repetition);
    }

    /** Returns the folder name of a repetition, such as {@code rep03}. */
    public static String repetitionName(int repetition) {
        return String.format(Locale.ROOT, "rep%02d", repetition);
    }
}
