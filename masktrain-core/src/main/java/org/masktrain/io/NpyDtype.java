package org.masktrain.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The NumPy element types that {@link NpyReader} converts to {@code double}.
 *
 * <p>A NumPy type string ({@code descr}) is a byte-order character ({@code <} little-endian,
 * {@code >} big-endian, {@code |} not applicable) followed by a kind letter and the item size in
 * bytes, for example {@code <f8} for little-endian float64.
 */
public enum NpyDtype {
    /** IEEE 754 binary64, {@code f8}. */
    FLOAT64('f', 8),
    /** IEEE 754 binary32, {@code f4}. */
    FLOAT32('f', 4),
    /** Signed 64-bit integer, {@code i8}; values beyond 2^53 lose precision as doubles. */
    INT64('i', 8),
    /** Signed 32-bit integer, {@code i4}. */
    INT32('i', 4),
    /** Signed 16-bit integer, {@code i2}. */
    INT16('i', 2),
    /** Signed 8-bit integer, {@code i1}. */
    INT8('i', 1),
    /** Unsigned 64-bit integer, {@code u8}; values beyond 2^53 lose precision as doubles. */
    UINT64('u', 8),
    /** Unsigned 32-bit integer, {@code u4}. */
    UINT32('u', 4),
    /** Unsigned 16-bit integer, {@code u2}. */
    UINT16('u', 2),
    /** Unsigned 8-bit integer, {@code u1}. */
    UINT8('u', 1),
    /** Boolean stored as one byte, {@code b1}; any nonzero byte reads as 1.0. */
    BOOL('b', 1);

    /** The type strings accepted by {@link #parse}, for error messages. */
    public static final String ACCEPTED =
            "<f8, <f4, <i8, <i4, <i2, |i1, <u8, <u4, <u2, |u1, |b1 (and the big-endian "
                    + "forms such as >f8)";

    private final char kind;
    private final int itemSize;

    NpyDtype(char kind, int itemSize) {
        this.kind = kind;
        this.itemSize = itemSize;
    }

    /** Returns the number of bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /**
     * Parses a NumPy type string such as {@code <f8}.
     *
     * @param descr the {@code descr} value of an {@code .npy} header
     * @return the element type and its byte order, or {@code null} when the type is not supported
     */
    public static Parsed parse(String descr) {
        if (descr.length() < 3) {
            return null;
        }
        char orderChar = descr.charAt(0);
        char kindChar = descr.charAt(1);
        String sizeText = descr.substring(2);
        int size;
        try {
            size = Integer.parseInt(sizeText);
        } catch (NumberFormatException e) {
            return null;
        }
        for (NpyDtype dtype : values()) {
            if (dtype.kind != kindChar || dtype.itemSize != size) {
                continue;
            }
            if (size == 1 && (orderChar == '|' || orderChar == '<' || orderChar == '>'
                    || orderChar == '=')) {
                return new Parsed(dtype, ByteOrder.LITTLE_ENDIAN);
            }
            if (orderChar == '<') {
                return new Parsed(dtype, ByteOrder.LITTLE_ENDIAN);
            }
            if (orderChar == '>') {
                return new Parsed(dtype, ByteOrder.BIG_ENDIAN);
            }
            return null;
        }
        return null;
    }

    /**
     * Reads one element at the buffer's position and advances it.
     *
     * @param buffer a buffer whose byte order is already set to the file's order
     * @return the element as a double
     */
    double read(ByteBuffer buffer) {
        switch (this) {
            case FLOAT64:
                return buffer.getDouble();
            case FLOAT32:
                return buffer.getFloat();
            case INT64:
                return buffer.getLong();
            case INT32:
                return buffer.getInt();
            case INT16:
                return buffer.getShort();
            case INT8:
                return buffer.get();
            case UINT64:
                long bits = buffer.getLong();
                // The unsigned value: bits read as signed, plus 2^64 when the top bit is set.
                return bits >= 0 ? bits : bits + 0x1.0p64;
            case UINT32:
                return buffer.getInt() & 0xFFFFFFFFL;
            case UINT16:
                return buffer.getShort() & 0xFFFF;
            case UINT8:
                return buffer.get() & 0xFF;
            case BOOL:
                return buffer.get() != 0 ? 1.0 : 0.0;
            default:
                throw new AssertionError(this);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A supported element type with the byte order the file uses.
     *
     * @param dtype the element type
     * @param order the byte order of multi-byte elements
     */
    public record Parsed(NpyDtype dtype, ByteOrder order) {
    }
}
