package io.localfaas.pool;

import static io.localfaas.pool.InstanceState.DRAINING;
import static io.localfaas.pool.InstanceState.INITIALIZING;
import static io.localfaas.pool.InstanceState.READY;
import static io.localfaas.pool.InstanceState.STARTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

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
}
