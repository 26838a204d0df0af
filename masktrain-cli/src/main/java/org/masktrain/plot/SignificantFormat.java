package org.masktrain.plot;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Formats tick labels with a fixed number of significant digits and no trailing zeros, such as
 * 794 or 0.0125, where a log axis would otherwise print long decimals. Formatting only.
 */
final class SignificantFormat extends NumberFormat {

    private static final long serialVersionUID = 1L;
    private final int digits;

    SignificantFormat(int digits) {
        this.digits = digits;
    }

    @Override
    public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
        String text = String.format(Locale.ROOT, "%." + digits + "g", number);
        if (text.contains("e")) {
            String mantissa = text.substring(0, text.indexOf('e'));
            String exponent = text.substring(text.indexOf('e') + 1);
            text = stripZeros(mantissa) + "e" + Integer.parseInt(exponent);
        } else {
            text = stripZeros(text);
        }
        return toAppendTo.append(text);
    }

    @Override
    public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
        return format((double) number, toAppendTo, pos);
    }

    /** Parsing is not supported; tick labels are only formatted. */
    @Override
    public Number parse(String source, ParsePosition parsePosition) {
        return null;
    }

    private static String stripZeros(String text) {
        if (!text.contains(".")) {
            return text;
        }
        String stripped = text.replaceAll("0+$", "");
        return stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignificantFormat that && that.digits == digits;
    }

    @Override
    public int hashCode() {
        return digits;
    }
}
