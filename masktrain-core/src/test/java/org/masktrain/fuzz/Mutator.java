package org.masktrain.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded mutations of a valid input: bit flips, byte overwrites, truncation, insertion,
 * splicing of a chunk from elsewhere in the input, header fields overwritten with huge or
 * negative integers in both byte orders, and numbers written into text. Equal seeds give
 * equal mutations.
 */
final class Mutator {

    /** Integers that loaders tend to trust: sizes near the limits of int, long and 10^12. */
    private static final long[] HOSTILE_NUMBERS = {0, -1, 1, 0x7FFFFFFFL, 0x80000000L,
        0xFFFFFFFFL, 1_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, 65_536, 255};
    private static final String[] HOSTILE_TEXT = {"999999999999", "-1", "1e308", "NaN", "\u0000",
        ",", "\n", "\"", "..", "../../x", "[", "{", "((", "1" + "0".repeat(400)};

    private final SplittableRandom random;

    Mutator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Returns a mutated copy of {@code input}, with one to four mutations applied. */
    byte[] mutate(byte[] input) {
        byte[] bytes = input.clone();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            bytes = mutateOnce(bytes);
        }
        return bytes;
    }

    private byte[] mutateOnce(byte[] bytes) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        switch (random.nextInt(8)) {
            case 0 -> {
                int position = random.nextInt(bytes.length);
                bytes[position] ^= (byte) (1 << random.nextInt(8));
                return bytes;
            }
            case 1 -> {
                int position = random.nextInt(bytes.length);
                int[] values = {0, 0xFF, 0x7F, 0x80, random.nextInt(256)};
                bytes[position] = (byte) values[random.nextInt(values.length)];
                return bytes;
            }
            case 2 -> {
                return Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 3 -> {
                int position = random.nextInt(bytes.length + 1);
                byte[] inserted = new byte[1 + random.nextInt(16)];
                random.nextBytes(inserted);
                return splice(bytes, position, 0, inserted);
            }
            case 4 -> {
                int from = random.nextInt(bytes.length);
                int length = 1 + random.nextInt(Math.min(64, bytes.length - from));
                byte[] chunk = Arrays.copyOfRange(bytes, from, from + length);
                int to = random.nextInt(bytes.length + 1);
                return splice(bytes, to, random.nextBoolean() ? 0
                        : Math.min(length, bytes.length - to), chunk);
            }
            case 5 -> {
                return overwriteNumber(bytes, Integer.BYTES);
            }
            case 6 -> {
                return overwriteNumber(bytes, Long.BYTES);
            }
            default -> {
                byte[] text = HOSTILE_TEXT[random.nextInt(HOSTILE_TEXT.length)]
                        .getBytes(StandardCharsets.UTF_8);
                int position = random.nextInt(bytes.length + 1);
                return splice(bytes, position, random.nextBoolean() ? 0
                        : Math.min(text.length, bytes.length - position), text);
            }
        }
    }

    /** Overwrites a 4- or 8-byte window, often one of the first 64 bytes where headers are. */
    private byte[] overwriteNumber(byte[] bytes, int width) {
        if (bytes.length < width) {
            return bytes;
        }
        int limit = bytes.length - width + 1;
        int position = random.nextBoolean() ? random.nextInt(Math.min(64, limit))
                : random.nextInt(limit);
        long value = HOSTILE_NUMBERS[random.nextInt(HOSTILE_NUMBERS.length)];
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES)
                .order(random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (width == Integer.BYTES) {
            buffer.putInt((int) value);
        } else {
            buffer.putLong(value);
        }
        System.arraycopy(buffer.array(), 0, bytes, position, width);
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int position, int removed, byte[] inserted) {
        byte[] result = new byte[bytes.length - removed + inserted.length];
        System.arraycopy(bytes, 0, result, 0, position);
        System.arraycopy(inserted, 0, result, position, inserted.length);
        System.arraycopy(bytes, position + removed, result, position + inserted.length,
                bytes.length - position - removed);
        return result;
    }
}
