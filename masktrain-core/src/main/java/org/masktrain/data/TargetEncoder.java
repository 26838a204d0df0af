package org.masktrain.data;

import org.masktrain.InvalidInputException;
import org.masktrain.linalg.Matrix;

/** Turns loaded target values into the matrix Y according to a {@link TargetMode}. */
final class TargetEncoder {

    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private TargetEncoder() {
    }

    /**
     * Encoded targets.
     *
     * @param targets the n x c matrix Y
     * @param oneHot whether the rows are one-hot class indicators
     * @param note a human-readable line saying how the targets were encoded
     */
    record Encoded(Matrix targets, boolean oneHot, String note) {
    }

    /**
     * Encodes {@code values} (n x k, not modified) according to {@code mode}.
     *
     * @param values the loaded targets
     * @param mode the requested encoding
     * @param source the targets' file or array, named in error messages
     * @return the encoded targets
     * @throws InvalidInputException when one-hot encoding is requested for values that are not
     *     class labels
     */
    /** Returns whether every row contains exactly one 1 and zeros elsewhere. */
    private static boolean isOneHot(Matrix values) {
        double[] data = values.data();
        int cols = values.cols();
        for (int i = 0; i < values.rows(); i++) {
            int ones = 0;
            for (int j = 0; j < cols; j++) {
                double value = data[i * cols + j];
                if (value == 1.0) {
                    ones++;
                } else if (value != 0.0) {
                    return false;
                }
            }
            if (ones != 1) {
                return false;
            }
        }
        return values.rows() > 0;
    }

    static Encoded encode(Matrix values, TargetMode mode, String source) {
        int n = values.rows();
        if (mode == TargetMode.RAW) {
            return new Encoded(values, false, "targets: raw values, " + n + " x " + values.cols());
        }

        if (values.cols() != 1) {
            if (isOneHot(values)) {
                return new Encoded(values, true, "targets: " + values.cols() + " classes, "
                        + "already one-hot encoded");
            }
            if (mode == TargetMode.ONEHOT) {
                throw new InvalidInputException(source + ": one-hot targets need a single column "
                        + "of class labels or rows with exactly one 1 and zeros elsewhere, but "
                        + "the targets have " + values.cols() + " columns of other values; "
                        + "use --targets raw");
            }
            return new Encoded(values, false, "targets: raw values, " + n + " x " + values.cols()
                    + " (more than one column, so not class labels)");
        }

        // Find the first value that is not a class label, and the largest label.
        double[] column = values.data();
        int firstNonLabel = -1;
        double maxLabel = 0;
        for (int i = 0; i < n; i++) {
            double value = column[i];
            if (!(value >= 0) || value != Math.rint(value)) {
                firstNonLabel = i;
                break;
            }
            maxLabel = Math.max(maxLabel, value);
        }

        if (mode == TargetMode.AUTO) {
            if (firstNonLabel >= 0) {
                return new Encoded(values, false, "targets: raw values, " + n + " x 1 (value "
                        + column[firstNonLabel] + " at sample " + firstNonLabel
                        + " is not a non-negative integer class label)");
            }
            if (maxLabel > TargetMode.AUTO_MAX_LABEL) {
                return new Encoded(values, false, "targets: raw values, " + n + " x 1 (largest "
                        + "value " + (long) maxLabel + " is above " + TargetMode.AUTO_MAX_LABEL
                        + ", so the values are not taken as class labels)");
            }
        } else if (firstNonLabel >= 0) {
            throw new InvalidInputException(source + ": one-hot targets need non-negative "
                    + "integer class labels, but sample " + firstNonLabel + " has the value "
                    + column[firstNonLabel]);
        }

        long classes = (long) maxLabel + 1;
        if (classes * n > MAX_ARRAY_LENGTH) {
            throw new InvalidInputException(source + ": one-hot encoding " + n + " samples with "
                    + "labels up to " + (long) maxLabel + " needs " + classes * n
                    + " entries, more than one matrix can hold");
        }
        Matrix oneHot = Matrix.zeros(n, (int) classes);
        for (int i = 0; i < n; i++) {
            oneHot.set(i, (int) column[i], 1.0);
        }
        return new Encoded(oneHot, true, "targets: " + classes + " classes (labels 0.."
                + (long) maxLabel + "), one-hot encoded");
    }
}
