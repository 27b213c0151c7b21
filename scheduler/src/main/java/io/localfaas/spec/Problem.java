package io.localfaas.spec;

import java.nio.file.Path;

/** One thing wrong with a configuration file, printed as {@code FILE:LINE:COL: key.path = value: rule}. */
public record Problem(Path file, int line, int column, String keyPath, String value, String rule) {
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ":" + column + ": " : file + ": ";
        if (keyPath.isEmpty()) {
            return where + rule;
        }
        return where + keyPath + (value == null ? "" : " = " + value) + ": " + rule;
    }
}
