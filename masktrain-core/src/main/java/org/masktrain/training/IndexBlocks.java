package org.masktrain.training;

/**
 * A split of the indices {@code 0 .. length-1} (the n samples, or the d input columns) into
 * contiguous blocks that local steps process independently. The split depends on the length
 * alone, never on the number of threads, so blocked sums are added in the same order on every
 * machine.
 */
final class IndexBlocks {

    /** Smallest block; smaller blocks make the matrix products less efficient. */
    private static final int MIN_ROWS = 256;
    /** Most blocks; bounds the per-block buffers of the weight update. */
    private static final int MAX_BLOCKS = 16;

    private final int[] starts;
    private final int[] sizes;

    IndexBlocks(int length) {
        int rows = Math.max(MIN_ROWS, (length + MAX_BLOCKS - 1) / MAX_BLOCKS);
        int count = Math.max(1, (length + rows - 1) / rows);
        starts = new int[count];
        sizes = new int[count];
        for (int b = 0; b < count; b++) {
            starts[b] = b * rows;
            sizes[b] = Math.min(rows, length - starts[b]);
        }
    }

    int count() {
        return starts.length;
    }

    int start(int block) {
        return starts[block];
    }

    int size(int block) {
        return sizes[block];
    }
}
