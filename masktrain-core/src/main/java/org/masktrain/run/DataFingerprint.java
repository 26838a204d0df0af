package org.masktrain.run;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import org.masktrain.data.Dataset;

/**
 * SHA-256 of the data a run trains and evaluates on, after preprocessing, so a resumed run can
 * check that it loaded the same samples in the same order.
 */
public final class DataFingerprint {

    private static final int BLOCK_VALUES = 4096;

    private DataFingerprint() {
    }

    /**
     * Returns the digest of both sets' shapes, one-hot flags and values (as IEEE 754 bits).
     *
     * @param train the training set
     * @param test the held-out set, or null
     */
    public static byte[] of(Dataset train, Dataset test) {
        MessageDigest digest = Checkpoint.sha256();
        ByteBuffer buffer = ByteBuffer.allocate(BLOCK_VALUES * Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        update(digest, buffer, train);
        if (test == null) {
            digest.update((byte) 0);
        } else {
            digest.update((byte) 1);
            update(digest, buffer, test);
        }
        return digest.digest();
    }

    private static void update(MessageDigest digest, ByteBuffer buffer, Dataset set) {
        buffer.clear();
        buffer.putLong(set.n()).putLong(set.d()).putLong(set.c()).put((byte) (set.oneHot() ? 1
                : 0));
        digest.update(buffer.array(), 0, buffer.position());
        updateValues(digest, buffer, set.x().data());
        updateValues(digest, buffer, set.y().data());
    }

    private static void updateValues(MessageDigest digest, ByteBuffer buffer, double[] values) {
        for (int start = 0; start < values.length; start += BLOCK_VALUES) {
            int end = Math.min(values.length, start + BLOCK_VALUES);
            buffer.clear();
            for (int i = start; i < end; i++) {
                buffer.putLong(Double.doubleToRawLongBits(values[i]));
            }
            digest.update(buffer.array(), 0, buffer.position());
        }
    }
}
