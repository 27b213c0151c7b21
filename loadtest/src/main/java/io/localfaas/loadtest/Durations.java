package io.localfaas.loadtest;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the durations of the command line: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1.5s}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the value and the accepted forms */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 10s, 2m)");
        }
        double v = Double.parseDouble(m.group(1));
        double nanos = v * switch (m.group(2)) {
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        if (nanos > Duration.ofDays(1).toNanos()) {
            throw new IllegalArgumentException("'" + text + "' is longer than a day");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
