package io.localfaas.pool;

import static io.localfaas.port.InstanceState.DRAINING;
import static io.localfaas.port.InstanceState.INITIALIZING;
import static io.localfaas.port.InstanceState.READY;
import static io.localfaas.port.InstanceState.STARTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstancePickerTest {
    private static InstanceView v(String id, InstanceState s, int inflight, long lastUsed) {
        return new InstanceView(id, s, inflight, lastUsed, false);
    }

    private static Optional<String> pick(int c, InstanceView... views) {
        return InstancePicker.pick(List.of(views), c).map(InstanceView::id);
    }

    @Test
    void noInstancesNoPick() {
        assertTrue(pick(1).isEmpty());
    }

    @Test
    void onlyReadyInstancesServe() {
        assertTrue(pick(1, v("a", STARTING, 0, 0), v("b", INITIALIZING, 0, 0), v("c", DRAINING, 0, 0)).isEmpty());
        assertEquals(Optional.of("d"), pick(1, v("a", STARTING, 0, 0), v("d", READY, 0, 0)));
    }

    @Test
    void fullInstancesAreSkippedAtC1() {
        assertFalse(pick(1, v("a", READY, 1, 0), v("b", READY, 1, 0)).isPresent());
        assertEquals(Optional.of("b"), pick(1, v("a", READY, 1, 0), v("b", READY, 0, 0)));
    }

    @Test
    void busiestInstanceWithRoomIsPackedFirst() {
        assertEquals(Optional.of("b"), pick(4, v("a", READY, 1, 0), v("b", READY, 3, 0), v("c", READY, 4, 0)));
    }

    /** The watermark policy spreads: the least busy instance with room, then the longest unused, then by id. */
    @Test
    void spreadingPicksTheLeastBusyThenTheLongestUnused() {
        List<InstanceView> views = List.of(v("a", READY, 1, 0), v("b", READY, 3, 0), v("c", READY, 0, 50), v("d", READY, 0, 10),
                v("e", READY, 4, 0), v("f", STARTING, 0, 0));
        assertEquals(Optional.of("d"), InstancePicker.pick(views, 4, true).map(InstanceView::id));
        assertEquals(Optional.of("a"), InstancePicker.pick(List.of(v("a", READY, 1, 0), v("e", READY, 4, 0)), 4, true).map(InstanceView::id));
        assertEquals(Optional.of("a"), InstancePicker.pick(List.of(v("b", READY, 0, 5), v("a", READY, 0, 5)), 4, true).map(InstanceView::id));
        assertTrue(InstancePicker.pick(List.of(v("e", READY, 4, 0)), 4, true).isEmpty(), "full instances are skipped");
    }

    @Test
    void tiesGoToTheMostRecentlyUsedThenById() {
        assertEquals(Optional.of("b"), pick(2, v("a", READY, 0, 10), v("b", READY, 0, 20)));
        assertEquals(Optional.of("a"), pick(2, v("b", READY, 0, 10), v("a", READY, 0, 10)));
    }

    @Test
    void neverExceedsConcurrencyAt200() {
        assertTrue(pick(200, v("a", READY, 200, 0)).isEmpty());
        assertEquals(Optional.of("a"), pick(200, v("a", READY, 199, 0)));
    }

    /** Instances as {@code id:state:inflight:lastUsed} separated by spaces; "-" when nothing may be picked. */
    @ParameterizedTest(name = "C={0} [{1}] -> {2}")
    @CsvSource({
            "1, a:READY:0:0, a",                                   // C = 1, idle
            "1, a:READY:1:0, -",                                   // C = 1, full
            "1, a:READY:1:5 b:READY:0:1 c:READY:0:9, c",           // C = 1: the free one most recently used
            "4, a:READY:3:0 b:READY:4:0 c:READY:0:0, a",           // pack: busiest with room
            "4, a:READY:4:0 b:READY:4:0, -",                       // all full: the request waits
            "4, a:DRAINING:0:0 b:STARTING:0:0, -",                 // draining and starting never serve
            "4, a:DRAINING:0:0 b:READY:2:0, b",
            "200, a:READY:199:0 b:READY:10:0, a",                  // C = 200: 199 has room, packed first
            "200, a:READY:200:0 b:READY:200:0, -",                 // C = 200: full
            "200, a:READY:200:0 b:READY:0:0, b",
            "2, a:READY:3:0 b:READY:0:0, b",                       // an instance over C (never happens) is not picked
            "2, b:READY:1:7 a:READY:1:7, a"                        // full tie: by id
    })
    void table(int c, String instances, String expected) {
        List<InstanceView> views = java.util.Arrays.stream(instances.split(" ")).map(t -> {
            String[] f = t.split(":");
            return v(f[0], InstanceState.valueOf(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]));
        }).toList();
        assertEquals("-".equals(expected) ? Optional.empty() : Optional.of(expected),
                InstancePicker.pick(views, c).map(InstanceView::id));
    }
}
