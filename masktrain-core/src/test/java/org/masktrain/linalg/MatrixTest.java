package org.masktrain.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Checks the row-major layout and copies of {@link Matrix}. */
class MatrixTest {

    @Test
    void entriesAreRowMajor() {
        Matrix matrix = new Matrix(2, 3, new double[] {1, 2, 3, 4, 5, 6});

        assertEquals(6.0, matrix.get(1, 2), 0.0, "entry (1, 2)");
        assertEquals(2.0, matrix.get(0, 1), 0.0, "entry (0, 1)");
        assertArrayEquals(new double[] {4, 5, 6}, matrix.row(1), "row 1");
    }

    @Test
    void selectRowsKeepsGivenOrder() {
        Matrix matrix = new Matrix(3, 2, new double[] {1, 2, 3, 4, 5, 6});

        Matrix selected = matrix.selectRows(new int[] {2, 0, 2});

        assertEquals(3, selected.rows(), "rows");
        assertArrayEquals(new double[] {5, 6, 1, 2, 5, 6}, selected.data(), "entries");
    }

    @Test
    void selectNoRowsGivesEmptyMatrix() {
        Matrix matrix = new Matrix(3, 2, new double[6]);

        Matrix selected = matrix.selectRows(new int[0]);

        assertEquals(0, selected.rows(), "rows");
        assertEquals(2, selected.cols(), "cols");
    }

    @Test
    void copyIsDeep() {
        Matrix matrix = new Matrix(1, 2, new double[] {1, 2});

        Matrix copy = matrix.copy();
        matrix.set(0, 0, 9.0);

        assertNotSame(matrix.data(), copy.data(), "backing array");
        assertEquals(1.0, copy.get(0, 0), 0.0, "copied entry");
    }

    @Test
    void mismatchedLengthIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Matrix(2, 3, new double[5]));
    }

    @Test
    void negativeShapeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Matrix(-1, 0, new double[0]));
    }
}
