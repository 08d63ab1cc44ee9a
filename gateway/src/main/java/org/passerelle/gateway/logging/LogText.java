package org.passerelle.gateway.logging;

/**
 * Makes any text safe to put in one line of a text log: CR, LF, every other control character (C0, DEL, C1), the
 * Unicode line and paragraph separators and the bidirectional controls are written as visible escapes ({@code \n},
 * {@code \r}, {@code \t}, {@code \u202E}…), so nothing a client sends can start a line that looks like a new entry
 * or reorder what a reader sees.
 */
public final class LogText {

    private LogText() {
    }

    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder safe = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> safe.append("\\n");
                case '\r' -> safe.append("\\r");
                case '\t' -> safe.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        safe.append(String.format("\\u%04X", (int) c));
                    } else {
                        safe.append(c);
                    }
                }
            }
        }
        return safe.toString();
    }

    static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' || isBidiControl(c);
    }

    /** LRM, RLM, ALM, LRE…RLO, LRI…PDI: they reorder the text around them without being seen. */
    static boolean isBidiControl(char c) {
        return c == '\u200E' || c == '\u200F' || c == '\u061C' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
