package org.masktrain.model;

import org.masktrain.linalg.MatrixKernel;

/**
 * The element-wise parts of a forward and backward pass, written as plain loops because c (the
 * number of outputs) is small. Arrays are row-major; each method states what it modifies.
 */
public final class Activations {

    /** The exponent field of a double. */
    private static final long EXPONENT_BITS = 0x7ff0000000000000L;

    private Activations() {
    }

    /**
     * Overwrites {@code out} (rows x c) with {@code factor * relu(Z) * A}, where Z is
     * rows x h and A is h x c.
     */
    public static void outputs(double[] z, int rows, int h, double[] signs, int c, double factor,
            double[] out) {
        outputs(z, 0, rows, h, signs, c, factor, out);
    }

    /** Computes {@link #outputs} for rows {@code firstRow .. firstRow + rows - 1} only. */
    public static void outputs(double[] z, int firstRow, int rows, int h, double[] signs, int c,
            double factor, double[] out) {
        java.util.Arrays.fill(out, firstRow * c, (firstRow + rows) * c, 0.0);
        for (int i = firstRow; i < firstRow + rows; i++) {
            int zRow = i * h;
            int outRow = i * c;
            for (int r = 0; r < h; r++) {
                double hidden = z[zRow + r];
                // Written so that NaN passes through: a diverged network must not look inactive.
                if (!(hidden <= 0.0)) {
                    int aRow = r * c;
                    for (int j = 0; j < c; j++) {
                        out[outRow + j] += hidden * signs[aRow + j];
                    }
                }
            }
            for (int j = 0; j < c; j++) {
                out[outRow + j] *= factor;
            }
        }
    }

    /**
     * Turns {@code outputs} into residuals {@code outputs - Y} in place and returns the squared
     * Frobenius norm of the residual.
     */
    public static double residualInPlace(double[] outputs, double[] targets, int length) {
        return residualInPlace(outputs, targets, 0, length);
    }

    /** Computes {@link #residualInPlace} for the entries {@code start .. start + length - 1}. */
    public static double residualInPlace(double[] outputs, double[] targets, int start,
            int length) {
        double sum = 0.0;
        for (int i = start; i < start + length; i++) {
            double residual = outputs[i] - targets[i];
            outputs[i] = residual;
            sum += residual * residual;
        }
        return sum;
    }

    /**
     * Overwrites the pre-activations {@code z} (rows x h) with the backward signal
     * {@code B = (R * A^T) .* 1{Z >= 0}}, where R is rows x c and A is h x c.
     *
     * <p>Values below the smallest normal double are flushed to zero: subnormal operands slow
     * every matrix kernel by one to two orders of magnitude, and at that size they do not move
     * the weights.
     */
    public static void backwardInPlace(double[] z, int rows, int h, double[] residuals,
            double[] signs, int c) {
        backwardInPlace(z, 0, rows, h, residuals, signs, c);
    }

    /** Computes {@link #backwardInPlace} for rows {@code firstRow .. firstRow + rows - 1}. */
    public static void backwardInPlace(double[] z, int firstRow, int rows, int h,
            double[] residuals, double[] signs, int c) {
        for (int i = firstRow; i < firstRow + rows; i++) {
            int zRow = i * h;
            int rRow = i * c;
            for (int r = 0; r < h; r++) {
                if (!(z[zRow + r] < 0.0)) {
                    int aRow = r * c;
                    double sum = 0.0;
                    for (int j = 0; j < c; j++) {
                        sum += residuals[rRow + j] * signs[aRow + j];
                    }
                    z[zRow + r] = Math.abs(sum) < Double.MIN_NORMAL ? 0.0 : sum;
                } else {
                    z[zRow + r] = 0.0;
                }
            }
        }
    }

    /**
     * Computes {@link #outputs} for rows {@code firstRow .. firstRow + rows - 1} with the
     * product on {@code kernel}: {@code hidden} (same layout as z, overwritten in those rows)
     * receives {@code relu(Z)}, then {@code out = factor * hidden * A}. A NaN pre-activation
     * stays NaN.
     */
    public static void outputs(MatrixKernel kernel, double[] z, int firstRow, int rows, int h,
            double[] signs, int c, double factor, double[] hidden, double[] out) {
        int from = firstRow * h;
        int to = from + rows * h;
        for (int i = from; i < to; i++) {
            // Branch-free (the signs of Z are unpredictable); NaN passes through, -0 becomes 0.
            hidden[i] = Math.max(z[i], 0.0);
        }
        kernel.gemm(false, false, rows, c, h, factor, hidden, from, h, signs, 0, c, 0.0, out,
                firstRow * c, c);
    }

    /**
     * Computes the backward signal {@code B = (R * A^T) .* 1{Z >= 0}} for rows
     * {@code firstRow .. firstRow + rows - 1} into {@code signal} (same layout as z), with the
     * product on {@code kernel}. {@code signsTransposed} is A^T, c x h. Subnormal values are
     * flushed to zero, as in {@link #backwardInPlace}.
     */
    public static void backward(MatrixKernel kernel, double[] z, int firstRow, int rows, int h,
            double[] residuals, double[] signsTransposed, int c, double[] signal) {
        int from = firstRow * h;
        int to = from + rows * h;
        kernel.gemm(false, false, rows, h, c, 1.0, residuals, firstRow * c, c, signsTransposed,
                0, h, 0.0, signal, from, h);
        for (int i = from; i < to; i++) {
            signal[i] = maskedSignal(signal[i], z[i]);
        }
    }

    /**
     * Returns {@code value}, or zero where {@code pre < 0} or {@code value} is subnormal, without
     * branches: the signs of the pre-activations are unpredictable, and a mispredicted branch
     * per element costs several times the arithmetic. Equals
     * {@code pre < 0.0 || Math.abs(value) < Double.MIN_NORMAL ? 0.0 : value} for every input,
     * including -0 and NaN pre-activations.
     */
    static double maskedSignal(double value, double pre) {
        long bits = Double.doubleToRawLongBits(value);
        // All ones when the exponent field is zero: value is zero or subnormal.
        long tiny = ((bits & EXPONENT_BITS) - 1) >> 63;
        // All ones when pre carries a sign bit and is neither -0 nor NaN.
        long preBits = Double.doubleToRawLongBits(pre + 0.0);
        long notNaN = ~((EXPONENT_BITS - (preBits & Long.MAX_VALUE)) >> 63);
        long negative = (preBits >> 63) & notNaN;
        return Double.longBitsToDouble(bits & ~(tiny | negative));
    }
}
