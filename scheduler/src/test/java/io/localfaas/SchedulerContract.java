package io.localfaas;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.localfaas.backend.Labels;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.pool.Outcome;
import io.localfaas.port.FunctionSnapshot;
import io.localfaas.port.InstanceState;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.testing.Burst;
import io.localfaas.testing.HttpLatch;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.Test;

/**
 * What the scheduler guarantees, with the probe function, on a real backend (run against each: process, Docker):
 * scaling as ceil(inflight / C) with no instance over C, reserved instances, idle retirement by the clock, throttling,
 * and the outcome of each failure. Every test ends with in-flight counts back at zero.
 */
public abstract class SchedulerContract extends SchedulerFixture {
    /**
     * Sends {@code n} requests that wait on a latch; once all {@code n} are there (running at once), runs
     * {@code whileHeld}, releases them and returns their outcomes.
     */
    private List<Burst.Result<Invocation>> atOnce(Scheduler s, String function, int n, Runnable whileHeld) throws Exception {
        try (HttpLatch latch = new HttpLatch(Duration.ofSeconds(100))) {
            CompletableFuture<List<Burst.Result<Invocation>>> burst = CompletableFuture.supplyAsync(() -> {
                try {
                    return Burst.run(n, 120, () -> s.invoke(function, Probe.request(latch.query())));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(AWAIT).until(() -> latch.arrived() == n);
            try {
                whileHeld.run();
            } finally {
                latch.release();
            }
            return burst.get(120, TimeUnit.SECONDS);
        }
    }

    private static PlatformException failure(Scheduler s, String fn, String query) {
        return assertThrows(PlatformException.class, () -> s.invoke(fn, Probe.request(query)));
    }

    @Test
    void aFunctionThatDoesNotExistIsFunctionNotFoundNotAnInternalError() {
        Scheduler s = scheduler(Probe.function("present", 1, 0, 1));
        PlatformException e = assertThrows(PlatformException.class, () -> s.invoke("absent", Probe.request("")));
        assertEquals(PlatformException.Kind.FUNCTION_NOT_FOUND, e.kind());
        assertEquals(PlatformException.Kind.FUNCTION_NOT_FOUND, assertThrows(PlatformException.class, () -> s.retireAll("absent")).kind());
    }

    /**
     * A burst of 8 x C requests held on a latch: all 32 reach the latch, so they run at once, which takes exactly
     * ceil(32 / 4) = 8 instances each holding exactly C; then released, every request gets one answer.
     */
    @Test
    void aBurstOf8TimesCEndsWithExactly8InstancesNoErrorsAndNoInstanceOverC() throws Exception {
        int c = 4;
        Scheduler s = scheduler(Probe.function("burst", c, 0, 10));
        List<Burst.Result<Invocation>> results = atOnce(s, "burst", 8 * c, () -> {
            FunctionSnapshot during = snapshot("burst");
            assertEquals(8, during.instances().size(), "exactly 8 instances, all serving");
            during.instances().forEach(v -> assertEquals(c, v.inflight(), v.id() + " holds exactly C requests"));
        });
        Set<String> instances = new HashSet<>();
        Map<String, Integer> maxInflight = new HashMap<>();
        for (Burst.Result<Invocation> r : results) {
            assertNull(r.error(), () -> "no error: " + r.error().getMessage());
            assertEquals(200, r.value().response().status());
            JsonNode body = Probe.body(r.value());
            assertEquals(r.value().instanceId(), body.get("instanceId").asText());
            instances.add(r.value().instanceId());
            maxInflight.merge(r.value().instanceId(), body.get("maxInflight").asInt(), Math::max);
        }
        assertEquals(8 * c, results.size(), "every request got exactly one answer");
        assertEquals(8, instances.size(), "every instance started served the burst");
        maxInflight.forEach((id, max) -> assertEquals(c, max, id + " held at most, and here exactly, C = " + c + " requests at once"));
        FunctionSnapshot f = snapshot("burst");
        assertEquals(8, f.counters().started());
        assertEquals(0, f.inflight());
        assertEquals(32, f.counters().served());
    }

    @Test
    void reservedInstancesAreReadyBeforeTheFirstRequestWhichPaysNoColdStart() throws Exception {
        Scheduler s = scheduler(Probe.function("reserved", 1, 2, 4));
        await().atMost(AWAIT).until(() -> snapshot("reserved").byState().get(InstanceState.READY) == 2);
        Invocation first = s.invoke("reserved", Probe.request(""));
        assertTrue(first.coldStart().isEmpty(), "served warm by a reserved instance");
        assertEquals(2, snapshot("reserved").instances().size());
    }

    @Test
    void tryAcquireTakesAFreeSlotOnAWarmInstanceAndOtherwiseReturnsEmptyAtOnce() {
        Scheduler s = scheduler(Probe.function("fast", 1, 1, 2));
        await().atMost(AWAIT).until(() -> snapshot("fast").byState().get(InstanceState.READY) == 1);
        Leased leased = s.tryAcquire("fast").orElseThrow();
        assertTrue(leased.lease().coldStart().isEmpty(), "a reserved instance: warm");
        assertEquals(Optional.empty(), s.tryAcquire("fast"), "its one slot is taken: no wait, no start");
        assertEquals(1, snapshot("fast").instances().size());
        s.release(leased, Outcome.OK);
        assertEquals(0, snapshot("fast").inflight());
        assertEquals(1, snapshot("fast").counters().served());
        assertEquals(Kind.FUNCTION_NOT_FOUND, assertThrows(PlatformException.class, () -> s.tryAcquire("absent")).kind());
    }

    @Test
    void aReservedInstanceThatDiesIsReplaced() {
        Scheduler s = scheduler(Probe.function("keep", 1, 1, 2));
        await().atMost(AWAIT).until(() -> snapshot("keep").byState().get(InstanceState.READY) == 1);
        String first = snapshot("keep").instances().get(0).id();
        inspector().listOwned().stream().filter(o -> first.equals(o.labels().get(Labels.INSTANCE))).forEach(inspector()::remove);
        await().atMost(AWAIT).until(() -> {
            s.tick();
            FunctionSnapshot f = snapshot("keep");
            return f.byState().get(InstanceState.READY) == 1 && !f.instances().get(0).id().equals(first);
        });
        assertEquals("crashed", retired.get(first));
    }

    @Test
    void idleInstancesAboveTheMinimumRetireWhenTheClockPassesIdleTimeout() throws Exception {
        FunctionSpec fn = Probe.function("idle", 1, 1, 3, Duration.ofMinutes(1), Duration.ofSeconds(10), 128, Map.of());
        Scheduler s = scheduler(fn);
        // Three requests running at once (all at the latch) on three instances at C = 1, then released.
        List<Burst.Result<Invocation>> results = atOnce(s, "idle", 3, () -> { });
        results.forEach(r -> assertNull(r.error()));
        assertEquals(3, results.stream().map(r -> r.value().instanceId()).distinct().count(), "the three instances served them");
        assertEquals(3, snapshot("idle").byState().get(InstanceState.READY));
        // The clock also runs in real time: 45 s advanced leaves a wide margin for a slow machine before the minute.
        clock.advance(Duration.ofSeconds(45));
        s.tick();
        assertEquals(3, snapshot("idle").byState().get(InstanceState.READY), "not idle long enough yet");
        clock.advance(Duration.ofSeconds(16));
        s.tick();
        FunctionSnapshot f = snapshot("idle");
        assertEquals(1, f.byState().get(InstanceState.READY), "down to minInstances");
        assertEquals(2, f.counters().retiredIdle());
        assertEquals(2, retired.values().stream().filter("idle"::equals).count());
    }

    @Test
    void aFailingInitializerDiscardsTheInstanceAnswersInitFailedAndBacksOff() {
        Scheduler s = scheduler(Probe.withInitializer("initfail", "fail"));
        PlatformException e = failure(s, "initfail", "");
        assertEquals(Kind.INIT_FAILED, e.kind(), e.getMessage());
        String body = new String(e.functionErrorBody().orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(body.contains("failed on purpose"), body);
        FunctionSnapshot f = snapshot("initfail");
        assertEquals(0, f.instances().size(), "the instance was discarded");
        assertEquals(0, f.counters().served(), "it never served");
        assertTrue(f.backingOffMillis() > 0, "the pool backs off before the next start");
        PlatformException fast = failure(s, "initfail", "");
        assertEquals(Kind.INIT_FAILED, fast.kind(), "a request during the backoff fails fast with the same failure");
    }

    @Test
    void everyRequestWaitingForAnInstanceWhoseInitializerFailedGetsThatFailure() throws Exception {
        FunctionSpec fn = Probe.function("initwait", 1, 0, 1, Duration.ofMinutes(5), Duration.ofSeconds(10), 128,
                Map.of("PROBE_INIT", "fail"));
        Scheduler s = scheduler(fn);
        List<Burst.Result<Invocation>> results = Burst.run(4, 120, () -> s.invoke("initwait", Probe.request("")));
        assertEquals(4, results.size(), "every request got exactly one answer");
        for (Burst.Result<Invocation> r : results) {
            assertTrue(r.error() instanceof PlatformException, "a platform failure, not a result");
            assertEquals(Kind.INIT_FAILED, ((PlatformException) r.error()).kind(), r.error().getMessage());
        }
        assertEquals(0, snapshot("initwait").counters().served(), "the failed instance never served");
    }

    @Test
    void anInitializerThatHangsIsATimeoutAndTheInstanceNeverServes() {
        Scheduler s = scheduler(Probe.withInitializer("inithang", "hang"));
        PlatformException e = failure(s, "inithang", "");
        assertEquals(Kind.INIT_TIMEOUT, e.kind(), e.getMessage());
        assertEquals(0, snapshot("inithang").instances().size());
        assertEquals(0, snapshot("inithang").counters().served());
    }

    @Test
    void aFunctionTimeoutIsATimeoutAndTheInstanceIsReplaced() throws Exception {
        FunctionSpec fn = Probe.function("slow", 1, 0, 2, Duration.ofMinutes(5), Duration.ofSeconds(1), 128, Map.of());
        Scheduler s = scheduler(fn);
        String before = s.invoke("slow", Probe.request("")).instanceId();
        PlatformException e = failure(s, "slow", "sleep=5000");
        assertEquals(Kind.FUNCTION_TIMEOUT, e.kind(), e.getMessage());
        await().atMost(AWAIT).until(() -> snapshot("slow").instances().isEmpty());
        assertEquals("timed-out", retired.get(before));
        Invocation next = s.invoke("slow", Probe.request(""));
        assertNotEquals(before, next.instanceId(), "served by a new instance");
        assertEquals(1, snapshot("slow").counters().timedOut());
    }

    @Test
    void anInstanceThatDiesMidRequestIsA502AndIsReplaced() throws Exception {
        Scheduler s = scheduler(Probe.function("crash", 1, 0, 2));
        String before = s.invoke("crash", Probe.request("")).instanceId();
        PlatformException e = failure(s, "crash", "crash=1");
        assertEquals(Kind.INSTANCE_CRASHED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(before), e.getMessage());
        Invocation next = s.invoke("crash", Probe.request(""));
        assertEquals(200, next.response().status());
        assertNotEquals(before, next.instanceId());
        assertEquals(1, snapshot("crash").counters().crashed());
    }

    @Test
    void atMaxInstancesWithAFullQueueARequestIsThrottledAtOnce() throws Exception {
        AppSpec app = Probe.app(Probe.platform(8, Duration.ofSeconds(30), 1), Probe.function("busy", 1, 0, 1));
        Scheduler s = scheduler(app, clock);
        // The one slot is held on a latch (not a sleep a slow machine could outlast) until the third request is refused.
        CompletableFuture<Invocation> running;
        CompletableFuture<Invocation> queued;
        try (HttpLatch latch = new HttpLatch(Duration.ofSeconds(100))) {
            running = CompletableFuture.supplyAsync(() -> s.invoke("busy", Probe.request(latch.query())));
            await().atMost(AWAIT).until(() -> latch.arrived() == 1);
            queued = CompletableFuture.supplyAsync(() -> s.invoke("busy", Probe.request("")));
            await().atMost(AWAIT).until(() -> snapshot("busy").waiting() == 1);
            PlatformException e = failure(s, "busy", "");
            assertEquals(Kind.THROTTLED, e.kind(), e.getMessage());
            assertTrue(e.retryAfter().isPresent());
            latch.release();
        }
        assertEquals(200, running.get(60, TimeUnit.SECONDS).response().status());
        assertEquals(200, queued.get(60, TimeUnit.SECONDS).response().status(), "the queued request took the freed slot");
        assertEquals(1, snapshot("busy").counters().throttled());
    }

    @Test
    void shutdownDrainsInFlightRequestsRunsPreStopAndRemovesEveryInstance() throws Exception {
        Scheduler s = scheduler(Probe.function("drain", 1, 0, 2));
        CompletableFuture<Invocation> inflight = CompletableFuture.supplyAsync(() -> s.invoke("drain", Probe.request("sleep=2000")));
        await().atMost(AWAIT).until(() -> snapshot("drain").executing() == 1);
        String id = snapshot("drain").instances().get(0).id();
        s.shutdown(Duration.ofSeconds(20));
        assertEquals(200, inflight.get(60, TimeUnit.SECONDS).response().status(), "the in-flight request finished");
        assertEquals("shutdown", retired.get(id));
        assertTrue(inspector().listOwned().stream().noneMatch(o -> id.equals(o.labels().get(Labels.INSTANCE))));
        PlatformException e = failure(s, "drain", "");
        assertEquals(Kind.SHUTTING_DOWN, e.kind());
    }
}
