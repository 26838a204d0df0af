package org.masktrain.data;

import java.util.List;

/**
 * Data after {@link Preprocessor}: the training part, the optional held-out part and a record
 * of every step taken.
 *
 * @param train the training samples
 * @param test the held-out samples, or {@code null} when the test fraction is 0
 * @param steps one human-readable line per preprocessing step, in order
 * @param targetScale the number the targets were divided by (max |Y| over the training part),
 *     or 1 when they were not scaled; multiply predictions by it to return to the loaded units
 * @param duplicatePairs the number of duplicate or co-aligned row pairs found, capped at
 *     {@link Integer#MAX_VALUE}
 * @param droppedRows the number of rows dropped (all-zero rows plus duplicates)
 * @param trainIndices for each training sample, its row index (0-based) in the loaded data
 * @param testIndices for each held-out sample, its row index in the loaded data; empty when
 *     there is no held-out part
 */
public record PreparedData(
        Dataset train,
        Dataset test,
        List<String> steps,
        double targetScale,
        int duplicatePairs,
        int droppedRows,
        int[] trainIndices,
        int[] testIndices) {

    /** Copies the step list. */
    public PreparedData {
        steps = List.copyOf(steps);
    }
}
