package org.masktrain.spark;

import java.nio.ByteBuffer;
import org.masktrain.training.LocalResult;
import org.masktrain.training.SubnetworkTask;

/**
 * Binary payloads of the tasks sent to executors and of the results they return. The engine
 * serializes them itself, as big-endian arrays, so that the bytes it reports are the bytes it
 * ships.
 *
 * <p>A task is {@code round, subnet, h, d, c} (ints), xi_l (double), the h active indices
 * (ints), the h x d rows of W and the h x c rows of a (doubles). A result is
 * {@code round, subnet, attempt, h, d, tau + 1} (ints), the trained h x d rows and the tau + 1
 * local losses (doubles).
 */
final class TaskCodec {

    /** Bytes of a task's fixed fields. */
    static final int TASK_HEADER_BYTES = 5 * Integer.BYTES + Double.BYTES;
    /** Bytes of a result's fixed fields. */
    static final int RESULT_HEADER_BYTES = 6 * Integer.BYTES;

    private TaskCodec() {
    }

    /** Returns the payload of {@code task} for a network with d inputs and c outputs. */
    static byte[] encodeTask(SubnetworkTask task, int d, int c) {
        int h = task.activeCount();
        ByteBuffer buffer = ByteBuffer.allocate(taskBytes(h, d, c));
        buffer.putInt(task.round()).putInt(task.subnet()).putInt(h).putInt(d).putInt(c);
        buffer.putDouble(task.keepProbability());
        buffer.asIntBuffer().put(task.active());
        buffer.position(buffer.position() + h * Integer.BYTES);
        putDoubles(buffer, task.weights());
        putDoubles(buffer, task.signs());
        return buffer.array();
    }

    /** Reads a task written by {@link #encodeTask}. */
    static SubnetworkTask decodeTask(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        int round = buffer.getInt();
        int subnet = buffer.getInt();
        int h = buffer.getInt();
        int d = buffer.getInt();
        int c = buffer.getInt();
        double keepProbability = buffer.getDouble();
        int[] active = new int[h];
        buffer.asIntBuffer().get(active);
        buffer.position(buffer.position() + h * Integer.BYTES);
        double[] weights = getDoubles(buffer, h * d);
        double[] signs = getDoubles(buffer, h * c);
        return new SubnetworkTask(round, subnet, active, weights, signs, keepProbability);
    }

    /** Returns the payload of {@code result}, trained on task attempt {@code attempt}. */
    static byte[] encodeResult(LocalResult result, int attempt, int h, int d) {
        double[] losses = result.losses();
        ByteBuffer buffer = ByteBuffer.allocate(resultBytes(h, d, losses.length));
        buffer.putInt(result.round()).putInt(result.subnet()).putInt(attempt).putInt(h)
                .putInt(d).putInt(losses.length);
        putDoubles(buffer, result.weights());
        putDoubles(buffer, losses);
        return buffer.array();
    }

    /** Reads a result written by {@link #encodeResult}. */
    static DecodedResult decodeResult(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        int round = buffer.getInt();
        int subnet = buffer.getInt();
        int attempt = buffer.getInt();
        int h = buffer.getInt();
        int d = buffer.getInt();
        int steps = buffer.getInt();
        double[] weights = getDoubles(buffer, h * d);
        double[] losses = getDoubles(buffer, steps);
        return new DecodedResult(new LocalResult(round, subnet, weights, losses), attempt);
    }

    /** Returns the size of a task payload with h active neurons. */
    static int taskBytes(int h, int d, int c) {
        return Math.addExact(TASK_HEADER_BYTES,
                Math.multiplyExact(h, Integer.BYTES + Double.BYTES * (d + c)));
    }

    /** Returns the size of a result payload with h trained rows and {@code steps} losses. */
    static int resultBytes(int h, int d, int steps) {
        return Math.addExact(RESULT_HEADER_BYTES,
                Math.multiplyExact(Double.BYTES, Math.addExact(Math.multiplyExact(h, d), steps)));
    }

    private static void putDoubles(ByteBuffer buffer, double[] values) {
        buffer.asDoubleBuffer().put(values);
        buffer.position(buffer.position() + values.length * Double.BYTES);
    }

    private static double[] getDoubles(ByteBuffer buffer, int count) {
        double[] values = new double[count];
        buffer.asDoubleBuffer().get(values);
        buffer.position(buffer.position() + count * Double.BYTES);
        return values;
    }

    /**
     * A decoded result and the attempt that produced it.
     *
     * @param result the sub-network's trained rows and local losses
     * @param attempt the task attempt, from 0; the attempts before it failed
     */
    record DecodedResult(LocalResult result, int attempt) {
    }
}
