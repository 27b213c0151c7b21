package io.localfaas.logs;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the request a line belongs to, for one instance's output. A line names its request when it is a runtime log
 * line ({@code 2024-01-01 10:00:00.000 <requestId> [info] …}) or an FC marker ({@code FC Invoke Start RequestId: <id>});
 * any other line (a bare {@code process.stdout.write}, a Java {@code System.out}) belongs to the one call in flight
 * between its Start and End markers, and to none when several or none are in flight. The platform tells which calls it
 * sends to the instance ({@link #sent}, before the call's first byte): a Start marker counts only for a call sent here
 * whose Start has not come yet (once per sending), and an End only for a call in flight. Any other marker is
 * <em>forged</em> (the runtime's markers and the function's output share one stream, PROTOCOL.md §5): filed under no
 * request and reported as such, so a function cannot open a request id it invented or learned, reopen one of its
 * instance's past calls, nor start or end one twice. A log line names its request only among the calls opened here
 * (in flight, or among the last {@value #RECENT} ended); one naming a call sent here and not opened yet may have
 * overtaken its Start ({@link LineFiler} holds it). Not thread-safe: one per instance.
 */
public final class RequestIds {
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z? (\\S+) \\[\\w+\\]");
    private static final Pattern MARKER = Pattern.compile("^FC (?:Invoke|Initialize|PreStop|PreFreeze) (Start|End) RequestId: ([^,\\s]+)");

    static final int RECENT = 64;
    /** How many sent calls still waiting for their Start are remembered (the oldest is forgotten first). */
    static final int SENT = 4096;

    private final Set<String> open = new LinkedHashSet<>();
    private final Set<String> ended = new LinkedHashSet<>();
    /** Calls sent to this instance whose Start marker has not come yet, with how often each was sent. */
    private final Map<String, Integer> sent = new LinkedHashMap<>();

    /** The platform sends the call {@code requestId} to this instance (before the call's first byte). */
    public void sent(String requestId) {
        sent.merge(requestId, 1, Integer::sum);
        if (sent.size() > SENT) {
            sent.remove(sent.keySet().iterator().next());
        }
    }

    /** The request {@code line} belongs to; updates which calls are in flight. */
    public Optional<String> of(String line) {
        return filing(line).requestId();
    }

    /**
     * Where a line goes: under {@code requestId} (or none), or held when it names a call sent here and not opened yet
     * ({@code unopened}); {@code opens}: the line is a Start marker that opened its call; {@code forged}: the line is a
     * marker that does not count (filed under none).
     */
    record Filing(Optional<String> requestId, Optional<String> unopened, boolean opens, boolean forged) {
        private static final Filing FORGED = new Filing(Optional.empty(), Optional.empty(), false, true);
    }

    /** Where {@code line} goes, as {@link Filing} says; updates which calls are in flight. */
    Filing filing(String line) {
        // Cheap first-character checks spare the patterns on most lines (this runs for every line of every instance).
        Matcher m = line.startsWith("FC ") ? MARKER.matcher(line) : null;
        if (m != null && m.find()) {
            boolean start = m.group(1).equals("Start");
            String id = m.group(2);
            return marker(start, id) ? new Filing(Optional.of(id), Optional.empty(), start, false) : Filing.FORGED;
        }
        Matcher l = !line.isEmpty() && Character.isDigit(line.charAt(0)) ? LOG_LINE.matcher(line) : null;
        if (l != null && l.find()) {
            String id = l.group(1);
            if (open.contains(id) || ended.contains(id)) {
                return new Filing(Optional.of(id), Optional.empty(), false, false);
            }
            if (sent.containsKey(id)) {
                return new Filing(bare(), Optional.of(id), false, false);
            }
        }
        return new Filing(bare(), Optional.empty(), false, false);
    }

    /** A line naming no call here belongs to the one call in flight, if one is. */
    private Optional<String> bare() {
        return open.size() == 1 ? Optional.of(open.iterator().next()) : Optional.empty();
    }

    /** Applies a Start or End marker of {@code id}; false when it does not count (a forged marker). */
    private boolean marker(boolean start, String id) {
        if (start) {
            Integer times = sent.get(id);
            if (times == null || open.contains(id)) {
                return false;
            }
            if (times == 1) {
                sent.remove(id);
            } else {
                sent.put(id, times - 1);
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
