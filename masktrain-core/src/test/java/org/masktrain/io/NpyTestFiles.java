package org.masktrain.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds raw {@code .npy} bytes by hand, for element types and headers the writer never emits. */
public final class NpyTestFiles {

    private NpyTestFiles() {
    }

    /**
     * Returns an {@code .npy} file with the given header dict text and data bytes.
     *
     * @param major the format version (1 uses a 2-byte header length, 2 and 3 a 4-byte one)
     * @param dict the header dict text, written as is followed by a newline
     * @param data the bytes after the header
     */
    public static byte[] npy(int major, String dict, byte[] data) {
        byte[] header = (dict + "\n").getBytes(
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer prefix = ByteBuffer.allocate(8 + lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        prefix.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
        prefix.put((byte) major).put((byte) 0);
        if (lengthBytes == 2) {
            prefix.putShort((short) header.length);
        } else {
            prefix.putInt(header.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix.array());
        out.writeBytes(header);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Returns a version 1.0 {@code .npy} file of the given type, order and shape text. */
    public static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }";
        return npy(1, dict, data);
    }

    /** Returns little-endian float64 bytes of {@code values}. */
    public static byte[] float64(double... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
            buffer.putDouble(value);
        }
        return buffer.array();
    }
}
