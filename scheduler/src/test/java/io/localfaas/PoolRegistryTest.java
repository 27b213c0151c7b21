package io.localfaas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.pool.FunctionPool;
import io.localfaas.pool.Ticker;
import io.localfaas.port.Reload;
import io.localfaas.port.SchedulerListener;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.testing.FakeLauncher;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.Test;

/**
 * What a reload does to the pools: unchanged functions keep theirs, changed and added ones get new pools, replaced
 * pools are closed (drained) and removed functions are gone. The pools have no reserved instances, so nothing starts.
 */
class PoolRegistryTest {
    private final List<FunctionPool> created = new ArrayList<>();

    private PoolRegistry registry(FunctionSpec... fns) {
        return new PoolRegistry(List.of(fns), fn -> {
            FunctionPool p = new FunctionPool(fn, new FakeLauncher(), Runnable::run, Ticker.system(), Duration.ZERO, SchedulerListener.NONE);
            created.add(p);
            return p;
        }, Runnable::run);
    }

    private static boolean closed(FunctionPool p) {
        return assertThrows(PlatformException.class, p::acquire).kind() == Kind.SHUTTING_DOWN;
    }

    @Test
    void aReloadKeepsUnchangedPoolsReplacesChangedOnesAndDrainsTheReplacedAndRemoved() {
        FunctionSpec a = Probe.function("a", 1, 0, 1);
        FunctionSpec b = Probe.function("b", 1, 0, 1);
        FunctionSpec c = Probe.function("c", 1, 0, 1);
        PoolRegistry r = registry(a, b, c);
        FunctionPool oldA = r.require("a");
        FunctionPool oldB = r.require("b");
        FunctionPool oldC = r.require("c");

        Reload plan = r.reload(List.of(a, b.withInstanceConcurrency(5), Probe.function("d", 1, 0, 1)));

        assertEquals(List.of("d"), plan.added());
        assertEquals(List.of("b"), plan.changed());
        assertEquals(List.of("c"), plan.removed());
        assertSame(oldA, r.require("a"), "unchanged: the same pool, warm instances kept");
        assertNotSame(oldB, r.require("b"));
        assertEquals(5, r.require("b").spec().instanceConcurrency());
        assertTrue(closed(oldB) && closed(oldC), "the replaced and the removed pools drained and closed");
        assertTrue(r.pool("c").isEmpty());
        assertEquals(List.of("a", "b", "d"), r.functions().stream().map(FunctionSpec::name).toList());
        assertEquals(Kind.FUNCTION_NOT_FOUND, assertThrows(PlatformException.class, () -> r.require("c")).kind());
    }

    @Test
    void instanceConcurrencyReplacesOnlyThatFunctionsPool() {
        PoolRegistry r = registry(Probe.function("a", 1, 0, 1), Probe.function("b", 1, 0, 1));
        FunctionPool oldA = r.require("a");
        List<FunctionSpec> before = r.functions();

        Reload plan = r.instanceConcurrency("b", 7);

        assertEquals(List.of("b"), plan.changed());
        assertSame(oldA, r.require("a"));
        assertEquals(7, r.require("b").spec().instanceConcurrency());
        assertNotSame(before, r.functions(), "a new list: callers caching by identity see the change");
        assertEquals(Kind.FUNCTION_NOT_FOUND, assertThrows(PlatformException.class, () -> r.instanceConcurrency("x", 2)).kind());
    }

    @Test
    void aClosedRegistryRefusesReloads() {
        PoolRegistry r = registry(Probe.function("a", 1, 0, 1));
        r.close(Duration.ZERO);
        assertTrue(closed(r.require("a")));
        assertThrows(IllegalStateException.class, () -> r.reload(List.of()));
    }
}
