package org.masktrain.data;

/** The encoding that turns loaded targets into the matrix Y. */
public enum TargetMode {
    /**
     * One-hot when the targets are a single column of non-negative integers no larger than
     * {@link #AUTO_MAX_LABEL} (class labels), raw values otherwise.
     */
    AUTO,
    /**
     * One-hot: a single column of non-negative integer class labels becomes {@code maxLabel + 1}
     * columns; anything else is rejected.
     */
    ONEHOT,
    /** The values as loaded; a single column of n values becomes an n x 1 matrix. */
    RAW;

    /** The largest label that {@link #AUTO} still treats as a class id, so at most 1000 classes. */
    public static final int AUTO_MAX_LABEL = 999;
}
