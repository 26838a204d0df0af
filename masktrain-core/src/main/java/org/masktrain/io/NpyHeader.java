package org.masktrain.io;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.masktrain.InvalidInputException;

/**
 * The parsed header of an {@code .npy} array: element type, memory order and shape.
 *
 * <p>The header is a Python dict literal with exactly the keys {@code descr},
 * {@code fortran_order} and {@code shape}, as NumPy's format module writes it.
 *
 * @param descr the NumPy type string as written in the file, for example {@code <f8}
 * @param dtype the element type
 * @param byteOrder the byte order of multi-byte elements
 * @param fortranOrder whether the first axis varies fastest in the file (column-major)
 * @param shape the array's shape; empty for a scalar
 */
public record NpyHeader(
        String descr, NpyDtype dtype, ByteOrder byteOrder, boolean fortranOrder, long[] shape) {

    private static final int MAX_QUOTED_HEADER_CHARS = 200;

    /** Returns the number of axes. */
    public int ndim() {
        return shape.length;
    }

    /**
     * Returns the number of elements, or -1 when the product of the shape overflows a
     * {@code long}.
     */
    public long elementCount() {
        long count = 1;
        for (long dimension : shape) {
            if (dimension != 0 && count > Long.MAX_VALUE / dimension) {
                return -1;
            }
            count *= dimension;
        }
        return count;
    }

    /** Returns the shape in NumPy's notation, for example {@code (3, 4)} or {@code (5,)}. */
    public String shapeText() {
        return formatShape(shape);
    }

    /** Formats a shape in NumPy's tuple notation. */
    public static String formatShape(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.stream(shape).mapToObj(Long::toString)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Parses header text.
     *
     * @param text the header dict, with its padding
     * @param source the file or archive entry, named in error messages
     * @return the header
     * @throws InvalidInputException when the text is not a valid header dict or names an
     *     unsupported element type
     */
    public static NpyHeader parse(String text, String source) {
        Map<String, Object> dict = new LiteralParser(text.strip(), source).parseDict();
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw new InvalidInputException(source + ": invalid .npy header: expected the keys "
                    + "'descr', 'fortran_order' and 'shape', found " + dict.keySet());
        }

        Object descrValue = dict.get("descr");
        if (!(descrValue instanceof String)) {
            throw new InvalidInputException(source + ": unsupported dtype " + describe(descrValue)
                    + "; supported: " + NpyDtype.ACCEPTED);
        }
        String descr = (String) descrValue;
        NpyDtype.Parsed parsed = NpyDtype.parse(descr);
        if (parsed == null) {
            throw new InvalidInputException(source + ": unsupported dtype '" + descr
                    + "'; supported: " + NpyDtype.ACCEPTED);
        }

        Object order = dict.get("fortran_order");
        if (!(order instanceof Boolean)) {
            throw new InvalidInputException(source + ": invalid .npy header: 'fortran_order' must"
                    + " be True or False, found " + describe(order));
        }

        Object shapeValue = dict.get("shape");
        if (!(shapeValue instanceof List)) {
            throw new InvalidInputException(source + ": invalid .npy header: 'shape' must be a "
                    + "tuple of integers, found " + describe(shapeValue));
        }
        List<?> shapeList = (List<?>) shapeValue;
        long[] shape = new long[shapeList.size()];
        for (int axis = 0; axis < shape.length; axis++) {
            Object dimension = shapeList.get(axis);
            if (!(dimension instanceof Long) || (Long) dimension < 0) {
                throw new InvalidInputException(source + ": invalid .npy header: 'shape' must be "
                        + "a tuple of non-negative integers, found " + describe(shapeValue));
            }
            shape[axis] = (Long) dimension;
        }
        return new NpyHeader(descr, parsed.dtype(), parsed.order(), (Boolean) order, shape);
    }

    private static String describe(Object value) {
        if (value instanceof String) {
            return "'" + value + "'";
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "True" : "False";
        }
        return String.valueOf(value);
    }

    /** Quotes header text for an error message, shortened and with line breaks escaped. */
    static String quote(String text) {
        String shown = text.length() > MAX_QUOTED_HEADER_CHARS
                ? text.substring(0, MAX_QUOTED_HEADER_CHARS) + "..." : text;
        return "\"" + shown.replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }

    /**
     * A recursive-descent parser for the subset of Python literals that NumPy headers use:
     * dicts, tuples, lists, strings, integers, {@code True}, {@code False} and {@code None}.
     * Tuples and lists both become {@link List}; integers become {@link Long}.
     */
    private static final class LiteralParser {

        /** Deepest nesting of tuples, lists and dicts accepted; NumPy writes at most 2. */
        private static final int MAX_DEPTH = 32;

        private final String text;
        private final String source;
        private int position;
        private int depth;

        LiteralParser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        Map<String, Object> parseDict() {
            skipSpace();
            if (!peek('{')) {
                throw invalid("expected '{' at the start");
            }
            Map<String, Object> dict = parseDictBody();
            skipSpace();
            if (position != text.length()) {
                throw invalid("unexpected text after the closing '}' at character " + position);
            }
            return dict;
        }

        private Map<String, Object> parseDictBody() {
            enter();
            position++;
            Map<String, Object> dict = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (peek('}')) {
                    position++;
                    depth--;
                    return dict;
                }
                Object key = parseValue();
                if (!(key instanceof String)) {
                    throw invalid("dict keys must be strings, found " + describe(key));
                }
                skipSpace();
                expect(':');
                Object value = parseValue();
                if (dict.put((String) key, value) != null) {
                    throw invalid("duplicate key '" + key + "'");
                }
                skipSpace();
                if (peek(',')) {
                    position++;
                } else if (!peek('}')) {
                    throw invalid("expected ',' or '}' at character " + position);
                }
            }
        }

        private Object parseValue() {
            skipSpace();
            if (position >= text.length()) {
                throw invalid("unexpected end of header");
            }
            char c = text.charAt(position);
            if (c == '\'' || c == '"') {
                return parseString(c);
            }
            if (c == '(' || c == '[') {
                return parseSequence(c == '(' ? ')' : ']');
            }
            if (c == '{') {
                return parseDictBody();
            }
            if (c == '-' || Character.isDigit(c)) {
                return parseInteger();
            }
            if (text.startsWith("True", position)) {
                position += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", position)) {
                position += 5;
                return Boolean.FALSE;
            }
            if (text.startsWith("None", position)) {
                position += 4;
                return "None";
            }
            throw invalid("unexpected character '" + c + "' at character " + position);
        }

        private String parseString(char quote) {
            int start = ++position;
            while (position < text.length() && text.charAt(position) != quote) {
                if (text.charAt(position) == '\\') {
                    throw invalid("escape sequences in strings are not supported");
                }
                position++;
            }
            if (position >= text.length()) {
                throw invalid("unterminated string starting at character " + (start - 1));
            }
            return text.substring(start, position++);
        }

        private List<Object> parseSequence(char close) {
            enter();
            position++;
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek(close)) {
                    position++;
                    depth--;
                    return items;
                }
                items.add(parseValue());
                skipSpace();
                if (peek(',')) {
                    position++;
                } else if (!peek(close)) {
                    throw invalid("expected ',' or '" + close + "' at character " + position);
                }
            }
        }

        /** Counts one more level of nesting; the parser recurses once per level. */
        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw invalid("nested deeper than " + MAX_DEPTH + " levels at character "
                        + position);
            }
        }

        private Long parseInteger() {
            int start = position;
            if (peek('-')) {
                position++;
            }
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
            String digits = text.substring(start, position);
            // Headers written by Python 2 mark long integers with a trailing L.
            if (peek('L')) {
                position++;
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw invalid("integer '" + digits + "' out of range");
            }
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw invalid("expected '" + c + "' at character " + position);
            }
            position++;
        }

        private boolean peek(char c) {
            return position < text.length() && text.charAt(position) == c;
        }

        private void skipSpace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private InvalidInputException invalid(String problem) {
            return new InvalidInputException(source + ": .npy header is not a valid dict literal ("
                    + problem + "): " + quote(text));
        }
    }
}
