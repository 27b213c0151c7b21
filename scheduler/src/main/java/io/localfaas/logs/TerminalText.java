package io.localfaas.logs;

/**
 * A function's output as text, never as terminal commands: control characters (C0 but tab, DEL, C1) and the Unicode
 * controls that reorder or hide text (bidirectional overrides and isolates) are written as visible escapes
 * ({@code \x1b}, {@code \r}, {@code \u202e}), so that a function cannot set the window title, write the clipboard
 * (OSC 52), move the cursor over a platform line, or forge one with a carriage return. Idempotent: escaped text holds
 * no control characters. Pure.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code text} with every control character escaped; the same string when it has none. */
    public static String escape(String text) {
        int i = 0;
        while (i < text.length() && !control(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!control(c)) {
                b.append(c);
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x100) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    static boolean control(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c;
    }
}
