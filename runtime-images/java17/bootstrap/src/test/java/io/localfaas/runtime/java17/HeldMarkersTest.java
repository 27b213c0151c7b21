package io.localfaas.runtime.java17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Held Start markers, with the writes recorded and the hold's timer fired by the test. */
class HeldMarkersTest {
    private final List<String> writes = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private int cancelled;
    private final HeldMarkers markers = new HeldMarkers(writes::add, (task, after) -> {
        timers.add(task);
        delays.add(after);
        return () -> cancelled++;
    });

    @Test
    void aCallThatWritesNothingHasBothMarkersInOneWrite() {
        markers.start("FC Invoke Start RequestId: a");
        markers.end("FC Invoke End RequestId: a");
        assertEquals(List.of("FC Invoke Start RequestId: a\nFC Invoke End RequestId: a\n"), writes);
        assertEquals(List.of(HeldMarkers.HOLD), delays);
        assertEquals(1, cancelled, "the hold's timer is cancelled");
    }

    @Test
    void somethingWrittenDuringTheCallComesAfterItsStartMarker() {
        markers.start("FC Invoke Start RequestId: b");
        markers.flush();
        writes.add("user line\n");
        markers.flush();
        markers.end("FC Invoke End RequestId: b");
        assertEquals(List.of("FC Invoke Start RequestId: b\n", "user line\n", "FC Invoke End RequestId: b\n"), writes);
    }

    @Test
    void overlappingCallsKeepTheirOrderAndShareOneTimer() {
        markers.start("FC Invoke Start RequestId: c1");
        markers.start("FC Invoke Start RequestId: c2");
        markers.end("FC Invoke End RequestId: c2");
        markers.end("FC Invoke End RequestId: c1");
        assertEquals(List.of("FC Invoke Start RequestId: c1\nFC Invoke Start RequestId: c2\nFC Invoke End RequestId: c2\n",
                "FC Invoke End RequestId: c1\n"), writes);
        assertEquals(1, timers.size());
    }

    @Test
    void aCallStillRunningWhenTheHoldEndsHasItsStartMarkerWrittenThen() {
        markers.start("FC Invoke Start RequestId: d");
        timers.get(0).run();
        assertEquals(List.of("FC Invoke Start RequestId: d\n"), writes);
        markers.end("FC Invoke End RequestId: d");
        assertEquals(List.of("FC Invoke Start RequestId: d\n", "FC Invoke End RequestId: d\n"), writes);
        markers.start("FC Invoke Start RequestId: e");
        assertEquals(2, timers.size(), "a new hold for the next call");
        assertTrue(writes.size() == 2, "the next Start is held again");
    }
}
