package io.localfaas.logs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import io.localfaas.backend.LogStream;

/**
 * Files one instance's lines under their requests ({@link RequestIds}) in the order the calls wrote them, where the
 * two output streams disagree. stdout and stderr reach the platform through separate pipes, and the engine forwards
 * each on its own: a line a call wrote to stderr can arrive before the Start marker the runtime wrote to stdout just
 * before it (the engine's log stream did so for 730 of 3,000 stdout/stderr pairs on a loaded 2-core machine). Such a
 * runtime log line names a request sent to this instance and not opened yet, which {@link RequestIds} does not file
 * under it. So a line naming such a request is held back until that request's Start marker arrives (then it follows the marker,
 * filed under it) or for at most {@link #HOLD_NANOS} (then it is filed as any line arriving at that moment), at most
 * {@link #MAX_HELD} lines at once (the oldest is let go first). Only this instance's own Start marker files a held
 * line under a request, so a function printing another call's id still files nothing under it. Time is given by the
 * caller. Not thread-safe: one per instance.
 */
final class LineFiler {
    static final long HOLD_NANOS = 2_000_000_000L;
    static final int MAX_HELD = 256;

    /** A line ready for the store; {@code forged}: a marker that does not count ({@link RequestIds}). */
    record Filed(LogStream stream, Optional<String> requestId, String text, boolean forged) {
    }

    private record Held(LogStream stream, String text, String requestId, long until) {
    }

    private final RequestIds ids = new RequestIds();

    /** The platform sends the call {@code requestId} to this instance ({@link RequestIds#sent}). */
    void sent(String requestId) {
        ids.sent(requestId);
    }
    private final Deque<Held> held = new ArrayDeque<>();

    /** The lines to store now, in order, on the arrival of {@code text} at {@code now} (nanoseconds, any origin). */
    List<Filed> accept(LogStream stream, String text, long now) {
        List<Filed> out = due(now);
        RequestIds.Filing filing = ids.filing(text);
        if (filing.unopened().isPresent()) {
            if (held.size() == MAX_HELD) {
                file(held.removeFirst(), out);
            }
            held.addLast(new Held(stream, text, filing.unopened().get(), now + HOLD_NANOS));
            return out;
        }
        out.add(new Filed(stream, filing.requestId(), text, filing.forged()));
        if (filing.opens()) {
            String started = filing.requestId().orElseThrow();
            for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
                Held h = it.next();
                if (h.requestId().equals(started)) {
                    it.remove();
                    file(h, out);
                }
            }
        }
        return out;
    }

    /** The held lines whose time is up at {@code now}, filed as lines arriving now; they leave the hold. */
    List<Filed> due(long now) {
        List<Filed> out = new ArrayList<>();
        while (!held.isEmpty() && now - held.peekFirst().until() >= 0) {
            file(held.removeFirst(), out);
        }
        return out;
    }

    /** When the oldest held line is due (nanoseconds, the callers' origin); empty when nothing is held. */
    Optional<Long> nextDue() {
        return held.isEmpty() ? Optional.empty() : Optional.of(held.peekFirst().until());
    }

    private void file(Held h, List<Filed> out) {
        out.add(new Filed(h.stream(), ids.of(h.text()), h.text(), false));
    }
}
