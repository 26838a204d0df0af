package org.masktrain.data;

import java.util.List;
import org.masktrain.linalg.Matrix;

/**
 * Data as loaded from a source, before preprocessing: pixel values, CSV numbers or array
 * elements unchanged, with targets already encoded according to the request's
 * {@link TargetMode}.
 *
 * @param features the n x d feature matrix X
 * @param targets the n x c target matrix Y
 * @param oneHot whether each row of {@code targets} is a one-hot class indicator
 * @param description a one-line description of the source, for logs and run records
 * @param availableSamples the number of samples the source contains
 * @param loadedSamples the number of samples loaded, {@code min(available, maxSamples)}
 * @param notes human-readable remarks made while loading (detected CSV header, fewer samples
 *     than requested, how targets were encoded)
 */
public record RawData(
        Matrix features,
        Matrix targets,
        boolean oneHot,
        String description,
        int availableSamples,
        int loadedSamples,
        List<String> notes) {

    /** Checks that features and targets have {@code loadedSamples} rows and copies the notes. */
    public RawData {
        if (features.rows() != loadedSamples || targets.rows() != loadedSamples) {
            throw new IllegalArgumentException("features have " + features.rows()
                    + " rows and targets " + targets.rows() + ", expected " + loadedSamples);
        }
        notes = List.copyOf(notes);
    }
}
