package org.masktrain.data;

/**
 * The predefined part of a data source to load, for sources that ship one (the Fashion-MNIST
 * {@code train} and {@code t10k} files). Other formats ignore it.
 */
public enum SourceSplit {
    /** The training files ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}). */
    TRAIN,
    /** The test files ({@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}). */
    TEST
}
