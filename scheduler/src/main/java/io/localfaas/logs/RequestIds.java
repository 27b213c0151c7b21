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
 * a function printing another request's id in a log line's shape does not file the line under it. Markers are checked
 * too: a Start for a call in flight, or for one this instance already ran (among the last {@value #SEEN}) while another
 * is in flight, and an End for a call not in flight are plain lines, so a function cannot reopen one of its instance's
 * past calls from within a call nor end one twice. (A past call's id starts again when nothing is in flight: an async
 * retry keeps its request id. A Start for an id never seen still opens it: the runtime's markers and the function's
 * output share one stream; docs/security.md.) Not thread-safe: one per instance.
 */
public final class RequestIds {
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z? (\\S+) \\[\\w+\\]");
    private static final Pattern MARKER = Pattern.compile("^FC (?:Invoke|Initialize|PreStop|PreFreeze) (Start|End) RequestId: ([^,\\s]+)");

    static final int RECENT = 64;
    /** How many started ids are remembered, so that a second Start for one of them is refused. */
    static final int SEEN = 4096;

    private final Set<String> open = new LinkedHashSet<>();
    private final Set<String> ended = new LinkedHashSet<>();
    private final Set<String> started = new LinkedHashSet<>();

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
        if (m != null && m.find() && marker(m.group(1).equals("Start"), m.group(2))) {
            return Optional.of(m.group(2));
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

    /** Applies a Start or End marker of {@code id}; false when it does not count (then the line is a plain one). */
    private boolean marker(boolean start, String id) {
        if (start) {
            if (open.contains(id) || (!started.add(id) && !open.isEmpty())) {
                return false;
            }
            if (started.size() > SEEN) {
                started.remove(started.iterator().next());
            }
            open.add(id);
            return true;
        }
        if (!open.remove(id)) {
            return false;
        }
        ended.add(id);
        if (ended.size() > RECENT) {
            ended.remove(ended.iterator().next());
        }
        return true;
    }
}
