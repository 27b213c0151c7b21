package io.localfaas.loadtest.trace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One CSV line into fields: comma-separated, double quotes around a field that holds commas, {@code ""} for a quote. */
final class Csv {
    private Csv() {
    }

    static List<String> fields(String line, Path file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"' && f.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": a quoted field is not closed");
        }
        out.add(f.toString());
        return out;
    }
}
