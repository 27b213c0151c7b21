package io.localfaas.logs;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the request a line belongs to, for one instance's output. A line names its request when it is a runtime log
 * line ({@code 2024-01-01 10:00:00.000 <requestId> [info] …}) or an FC marker ({@code FC Invoke Start RequestId: <id>});
 * any other line (a bare {@code process.stdout.write}, a Java {@code System.out}) belongs to the one call in flight
 * between its Start and End markers, and to none when several or none are in flight. A log line names its request
 * only among the calls this instance's markers opened (still in flight, or among the last {@value #RECENT} ended):
 * a function printing another request's id in a log line's shape does not file the line under it. (Its markers are
 * still its own output: docs/security.md.) Not thread-safe: one per instance.
 */
public final class RequestIds {
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z? (\\S+) \\[\\w+\\]");
    private static final Pattern MARKER = Pattern.compile("^FC (?:Invoke|Initialize|PreStop|PreFreeze) (Start|End) RequestId: ([^,\\s]+)");

    static final int RECENT = 64;

    private final Set<String> open = new LinkedHashSet<>();
    private final Set<String> ended = new LinkedHashSet<>();

    /** The request {@code line} belongs to; updates which calls are in flight. */
    public Optional<String> of(String line) {
        Optional<String> id = file(line);
        return id != null ? id : bare();
    }

    /**
     * Where a line goes: under {@code requestId} (or none), or held when it names a call not opened here
     * ({@code unopened}); {@code opens}: the line is a Start marker that opened its call.
     */
    record Filing(Optional<String> requestId, Optional<String> unopened, boolean opens) {
    }

    /**
     * As {@link #of}, except for a runtime log line naming a call this instance's markers have not opened (yet): such a
     * line may have overtaken its call's Start marker, since stdout and stderr reach the platform through separate pipes
     * ({@link LineFiler}); its filing names that call as {@code unopened} and changes nothing.
     */
    Filing filing(String line) {
        int before = open.size();
        Optional<String> id = file(line);
        if (id != null) {
            return new Filing(id, Optional.empty(), open.size() > before);
        }
        Matcher l = !line.isEmpty() && Character.isDigit(line.charAt(0)) ? LOG_LINE.matcher(line) : null;
        if (l != null && l.find()) {
            return new Filing(Optional.empty(), Optional.of(l.group(1)), false);
        }
        return new Filing(bare(), Optional.empty(), false);
    }

    /** A marker's or a known call's log line's request; null for any other line (a bare one, or one naming no call here). */
    private Optional<String> file(String line) {
        // Cheap first-character checks spare the patterns on most lines (this runs for every line of every instance).
        Matcher m = line.startsWith("FC ") ? MARKER.matcher(line) : null;
        if (m != null && m.find()) {
            String id = m.group(2);
            if (m.group(1).equals("Start")) {
                open.add(id);
            } else if (open.remove(id)) {
                ended.add(id);
                if (ended.size() > RECENT) {
                    ended.remove(ended.iterator().next());
                }
            }
            return Optional.of(id);
        }
        Matcher l = !line.isEmpty() && Character.isDigit(line.charAt(0)) ? LOG_LINE.matcher(line) : null;
        if (l != null && l.find() && (open.contains(l.group(1)) || ended.contains(l.group(1)))) {
            return Optional.of(l.group(1));
        }
        return null;
    }

    /** A line naming no call here belongs to the one call in flight, if one is. */
    private Optional<String> bare() {
        return open.size() == 1 ? Optional.of(open.iterator().next()) : Optional.empty();
    }
}
