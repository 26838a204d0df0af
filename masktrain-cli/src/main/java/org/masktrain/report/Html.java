package org.masktrain.report;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTML text helpers: escaping, links and embedded images. */
final class Html {

    private Html() {
    }

    /** Escapes {@code text} for HTML text and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append('?');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Returns a relative URL for a '/'-separated relative path: every segment percent-encoded
     * except unreserved characters, so no segment can form a scheme or leave the path.
     */
    static String relativeUrl(String relativePath) {
        StringBuilder url = new StringBuilder();
        String[] segments = relativePath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                url.append('/');
            }
            byte[] bytes = segments[i].getBytes(StandardCharsets.UTF_8);
            for (byte b : bytes) {
                int c = b & 0xff;
                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || c == '-' || c == '_' || c == '.' || c == '~') {
                    url.append((char) c);
                } else {
                    url.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
                }
            }
        }
        return url.toString();
    }

    /** Returns an img element showing an SVG document as a data URL. */
    static String svgImage(String svg, String alt, String id) {
        return "<img class=\"plot\" id=\"" + escape(id) + "\" alt=\"" + escape(alt)
                + "\" src=\"data:image/svg+xml;base64,"
                + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8))
                + "\">";
    }

    /** Returns an img element showing PNG bytes as a data URL, with an optional image map. */
    static String pngImage(byte[] png, String alt, String id, String mapName) {
        return "<img class=\"plot\" id=\"" + escape(id) + "\" alt=\"" + escape(alt)
                + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png)
                + "\"" + (mapName == null ? "" : " usemap=\"#" + escape(mapName) + "\"") + ">";
    }
}
