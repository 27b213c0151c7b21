package io.localfaas.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;

import io.localfaas.port.InstanceState;
import org.junit.jupiter.api.Test;

/** What the life of an instance promises, as properties of the transition table rather than a copy of it. */
class InstanceStateTest {
    private static Set<InstanceState> reachable(InstanceState from) {
        Set<InstanceState> seen = EnumSet.noneOf(InstanceState.class);
        Deque<InstanceState> todo = new ArrayDeque<>(from.next());
        while (!todo.isEmpty()) {
            InstanceState s = todo.pop();
            if (seen.add(s)) {
                todo.addAll(s.next());
            }
        }
        return seen;
    }

    @Test
    void everyLiveStateCanBeRetiredAtOnceAndRetiredIsTheEnd() {
        for (InstanceState s : InstanceState.values()) {
            if (s != InstanceState.RETIRED) {
                assertTrue(s.next().contains(InstanceState.RETIRED), s + " must be removable at once (crash, shutdown)");
            }
        }
        assertTrue(InstanceState.RETIRED.next().isEmpty(), "a retired instance never comes back");
    }

    @Test
    void lifeOnlyMovesForwardSoADrainingInstanceNeverServesAgain() {
        for (InstanceState s : InstanceState.values()) {
            assertFalse(reachable(s).contains(s), s + " can come back to itself");
        }
        assertFalse(reachable(InstanceState.DRAINING).contains(InstanceState.READY), "draining must never become ready");
        assertTrue(reachable(InstanceState.STARTING).containsAll(EnumSet.of(InstanceState.READY, InstanceState.DRAINING)),
                "a started instance can serve, then drain");
    }

    @Test
    void onlyStatesThatWillServeOrServeCountForScaling() {
        for (InstanceState s : InstanceState.values()) {
            boolean willServe = s == InstanceState.READY || reachable(s).contains(InstanceState.READY);
            assertEquals(willServe, s.counts(), s + ": counts for scaling exactly when it serves or will");
        }
    }
}
