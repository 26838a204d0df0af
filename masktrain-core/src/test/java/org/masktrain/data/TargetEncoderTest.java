package org.masktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.masktrain.InvalidInputException;
import org.masktrain.linalg.Matrix;

/** Checks how loaded targets become one-hot classes or stay raw values. */
class TargetEncoderTest {

    @Test
    void oneHotMatrixKeptAsClasses() {
        Matrix targets = new Matrix(3, 3, new double[] {0, 1, 0, 1, 0, 0, 0, 0, 1});

        TargetEncoder.Encoded encoded = TargetEncoder.encode(targets, TargetMode.AUTO, "t");

        assertTrue(encoded.oneHot());
        assertArrayEquals(targets.data(), encoded.targets().data());
    }

    @Test
    void oneHotMatrixAcceptedWhenRequested() {
        Matrix targets = new Matrix(2, 2, new double[] {0, 1, 1, 0});

        assertTrue(TargetEncoder.encode(targets, TargetMode.ONEHOT, "t").oneHot());
    }

    @Test
    void rowWithTwoOnesIsRaw() {
        Matrix targets = new Matrix(2, 2, new double[] {1, 1, 1, 0});

        assertFalse(TargetEncoder.encode(targets, TargetMode.AUTO, "t").oneHot());
    }

    @Test
    void realMatrixRejectedAsOneHot() {
        Matrix targets = new Matrix(2, 2, new double[] {0.5, 1, 1, 0});

        assertThrows(InvalidInputException.class,
                () -> TargetEncoder.encode(targets, TargetMode.ONEHOT, "t"));
    }
}
