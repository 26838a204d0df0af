package org.masktrain.masks;

import java.util.Locale;

/** The distribution of the neuron masks sampled every round. */
public enum MaskKind {
    /** Every entry of every mask is kept independently with probability xi (or xi_l). */
    BERNOULLI,
    /** Every neuron belongs to exactly one of the p sub-networks, chosen uniformly. */
    CATEGORICAL;

    /** Returns the lower-case name used on the command line and in run outputs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
