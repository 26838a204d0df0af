package org.masktrain.experiments;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.masktrain.InvalidInputException;

/**
 * The four experiments of Figure 2 in "On the Convergence of Shallow Neural Network Training
 * with Randomly Masked Neurons" (Liao and Kyrillidis, TMLR 2022).
 */
public enum Figure {
    /** Loss at every sampling, local step and aggregation, for three keep probabilities. */
    FIG2A("fig2a", "loss dynamics of IST with Bernoulli masks"),
    /** Converged error over the grid of sub-network counts and keep probabilities. */
    FIG2B("fig2b", "converged error against sub-networks p and keep probability xi"),
    /** Converged error against the width, for two keep probabilities. */
    FIG2C("fig2c", "converged error against the width m"),
    /** Relative improvement of the first three rounds against p, categorical masks. */
    FIG2D("fig2d", "improvement per round against p with categorical masks");

    private final String label;
    private final String title;

    Figure(String label, String title) {
        this.label = label;
        this.title = title;
    }

    /** Returns the name used on the command line and for the sweep folder, such as fig2b. */
    public String label() {
        return label;
    }

    /** Returns what the figure shows, in words. */
    public String title() {
        return title;
    }

    /**
     * Returns the figure called {@code label}.
     *
     * @throws InvalidInputException when no figure has that name
     */
    public static Figure fromLabel(String label) {
        for (Figure figure : values()) {
            if (figure.label.equalsIgnoreCase(label)) {
                return figure;
            }
        }
        throw new InvalidInputException("unknown figure '" + label + "'; accepted: "
                + labels() + ", all");
    }

    /** Returns the accepted names, comma-separated. */
    public static String labels() {
        return Arrays.stream(values()).map(Figure::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
