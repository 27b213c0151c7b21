package io.localfaas.spec;

import java.nio.file.Path;

/** One thing wrong with a configuration file, printed as {@code FILE:LINE:COL: key.path = value: rule}. */
public record Problem(Path file, int line, int column, String keyPath, String value, String rule) {
    @Override
    public String toString() {
        return where() + what();
    }

    /** The same line for something that does not stop the file from loading: {@code FILE:LINE:COL: warning: ...}. */
    public String asWarning() {
        return where() + "warning: " + what();
    }

    private String where() {
        return line > 0 ? file + ":" + line + ":" + column + ": " : file + ": ";
    }

    private String what() {
        return keyPath.isEmpty() ? rule : keyPath + (value == null ? "" : " = " + printable(value)) + ": " + rule;
    }

    /** A value as it fits on one line: control characters escaped, at most 80 characters, "" when empty. */
    static String printable(String value) {
        if (value.isEmpty()) {
            return "\"\"";
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < value.length() && b.length() < 80; i++) {
            char c = value.charAt(i);
            b.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return i < value.length() ? b + "..." : b.toString();
    }
}
