package io.localfaas.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.lifecycle.Backoff;
import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import io.localfaas.port.SchedulerListener;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.testing.FakeLauncher;
import io.localfaas.testing.FakeTicker;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's acquire, release and back-off rules with an in-memory launcher and a ticker that moves only when the
 * test advances it (OpenWhisk's ContainerPoolTests style): each test is one row, given a pool in some state, one
 * event, then what the pool did. Launches end when the test says so; nothing sleeps.
 */
class FunctionPoolTest {
    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(5);
    private static final Duration IDLE = Duration.ofMinutes(1);

    private final FakeLauncher launcher = new FakeLauncher();
    private final FakeTicker ticker = new FakeTicker();
    private final ExecutorService starter = Executors.newCachedThreadPool();
    private final ExecutorService requests = Executors.newCachedThreadPool();
    private final Map<String, String> retired = new ConcurrentHashMap<>();
    private final SchedulerListener listener = new SchedulerListener() {
        @Override
        public void instanceRetired(FunctionSpec fn, String instanceId, String reason) {
            retired.put(instanceId, reason);
        }
    };

    @AfterEach
    void stop() {
        requests.shutdownNow();
        starter.shutdownNow();
    }

    private FunctionPool pool(int concurrency, int min, int max) {
        return pool(concurrency, min, max, Integer.MAX_VALUE);
    }

    private FunctionPool pool(int concurrency, int min, int max, int maxQueue) {
        FunctionSpec fn = Probe.function("fn", concurrency, min, max, IDLE, Duration.ofSeconds(10), 128, Map.of());
        return new FunctionPool(fn, launcher, starter, ticker, MAX_QUEUE_WAIT, maxQueue, listener);
    }

    /** A pool whose {@code min} reserved instances are READY. */
    private FunctionPool reserved(int concurrency, int min, int max, int maxQueue) throws InterruptedException {
        FunctionPool pool = pool(concurrency, min, max, maxQueue);
        pool.ensureMinimum();
        ready(pool, min);
        return pool;
    }

    private FunctionPool reserved(int concurrency, int min, int max) throws InterruptedException {
        return reserved(concurrency, min, max, Integer.MAX_VALUE);
    }

    private static String only(FunctionPool pool) {
        assertEquals(1, pool.views().size());
        return pool.views().get(0).id();
    }

    /** Ends the next {@code n} launches well and waits until the pool has that many more READY instances. */
    private List<String> ready(FunctionPool pool, int n) throws InterruptedException {
        int before = pool.snapshot().byState().get(InstanceState.READY);
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            FakeLauncher.Launch l = launcher.next();
            l.succeed();
            ids.add(l.instanceId);
        }
        await().atMost(AWAIT).until(() -> pool.snapshot().byState().get(InstanceState.READY) == before + n);
        return ids;
    }

    /** {@code n} requests that wait for a slot, each on its own thread; returns once all wait or are served. */
    private List<CompletableFuture<Lease>> waiters(FunctionPool pool, int n) {
        int before = pool.inflight();
        List<CompletableFuture<Lease>> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(CompletableFuture.supplyAsync(pool::acquire, requests));
        }
        await().atMost(AWAIT).until(() -> pool.inflight() == before + n);
        return out;
    }

    private static Lease served(CompletableFuture<Lease> waiter) throws Exception {
        return waiter.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static PlatformException failed(CompletableFuture<Lease> waiter) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiter.get(AWAIT.toSeconds(), TimeUnit.SECONDS));
        return (PlatformException) e.getCause();
    }

    private static InstanceView view(FunctionPool pool, String id) {
        return pool.views().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aFreeSlotIsTakenAtOnceWarmAndStartsNothing() throws Exception {
        FunctionPool pool = reserved(1, 1, 3);
        String id = only(pool);
        Lease lease = pool.acquire();
        assertEquals(id, lease.instanceId());
        assertFalse(lease.cold(), "the instance was ready before the request came");
        assertEquals(Duration.ZERO, lease.queueWait());
        assertEquals(1, pool.views().size(), "no start for a request that found a slot");
        assertEquals(1, pool.snapshot().counters().served());
    }

    @Test
    void noSlotStartsOneInstanceAndTheWaiterIsServedByItWhenReady() throws Exception {
        FunctionPool pool = pool(1, 0, 3);
        CompletableFuture<Lease> waiter = waiters(pool, 1).get(0);
        FakeLauncher.Launch launch = launcher.next();
        assertEquals(1, pool.snapshot().waiting());
        ticker.advance(Duration.ofMillis(1500));
        launch.succeed();
        Lease lease = served(waiter);
        assertEquals(launch.instanceId, lease.instanceId());
        assertTrue(lease.cold(), "it paid the cold start");
        assertEquals(Duration.ofMillis(1500), lease.queueWait(), "queue-wait is read from the pool's ticker");
        assertEquals(1, pool.views().size(), "exactly one start");
        assertEquals(1, pool.snapshot().counters().coldServed());
    }

    @Test
    void noInstanceEverHoldsMoreThanInstanceConcurrency() throws Exception {
        FunctionPool pool = pool(2, 0, 2);
        List<CompletableFuture<Lease>> five = waiters(pool, 5);
        List<String> ids = ready(pool, 2);
        assertEquals(2, pool.views().size(), "ceil(5 / 2) = 3, clamped to maxInstances 2");
        await().atMost(AWAIT).until(() -> pool.snapshot().executing() == 4);
        ids.forEach(id -> assertEquals(2, view(pool, id).inflight(), id + " holds exactly C"));
        assertEquals(1, pool.snapshot().waiting(), "the fifth waits");
        CompletableFuture<Lease> first = five.stream().filter(CompletableFuture::isDone).findFirst().orElseThrow();
        Lease freed = served(first);
        pool.release(freed, Outcome.OK);
        await().atMost(AWAIT).until(() -> five.stream().allMatch(CompletableFuture::isDone));
        assertEquals(2, view(pool, freed.instanceId()).inflight(), "the waiter took the freed slot, and no more");
        assertEquals(0, pool.snapshot().waiting());
    }

    @Test
    void aFullQueueAtMaxInstancesIsThrottledAtOnce() throws Exception {
        FunctionPool pool = reserved(1, 1, 1, 1);
        Lease held = pool.acquire();
        CompletableFuture<Lease> queued = waiters(pool, 1).get(0);
        PlatformException e = assertThrows(PlatformException.class, pool::acquire);
        assertEquals(Kind.THROTTLED, e.kind());
        assertTrue(e.retryAfter().isPresent());
        assertEquals(1, pool.snapshot().counters().throttled());
        pool.release(held, Outcome.OK);
        assertEquals(held.instanceId(), served(queued).instanceId(), "the queued request took the freed slot");
    }

    @Test
    void aWaiterIsThrottledWhenNoSlotFreesWithinMaxQueueWaitOnThePoolsTicker() throws Exception {
        FunctionPool pool = reserved(1, 1, 1);
        pool.acquire();
        CompletableFuture<Lease> waiter = waiters(pool, 1).get(0);
        assertFalse(waiter.isDone());
        ticker.advance(MAX_QUEUE_WAIT);
        assertEquals(Kind.THROTTLED, failed(waiter).kind());
        assertEquals(1, pool.snapshot().counters().throttled());
    }

    @Test
    void aStartFailureWithNoOtherInstanceOnTheWayFailsTheWaitersFastWithThatFailure() throws Exception {
        FunctionPool pool = pool(1, 0, 1);
        List<CompletableFuture<Lease>> waiting = waiters(pool, 3);
        PlatformException init = PlatformException.of(Kind.INIT_FAILED, "the initializer failed");
        launcher.next().fail(init);
        for (CompletableFuture<Lease> w : waiting) {
            assertSame(init, failed(w), "every waiter gets the start's own failure");
        }
        assertEquals(1, launcher.launched.size());
        assertEquals(0, pool.snapshot().instances().size(), "the instance was discarded");
        assertEquals(0, pool.snapshot().counters().served());
    }

    @Test
    void consecutiveFailuresBackOffUntilTheTickerPassesItAndASuccessResetsIt() throws Exception {
        FunctionPool pool = pool(1, 0, 1);
        PlatformException init = PlatformException.of(Kind.INIT_FAILED, "no");
        CompletableFuture<Lease> first = waiters(pool, 1).get(0);
        launcher.next().fail(init);
        assertSame(init, failed(first));
        assertEquals(Backoff.delay(1).toMillis(), pool.snapshot().backingOffMillis());

        assertSame(init, assertThrows(PlatformException.class, pool::acquire), "during the back-off: fails fast");
        assertEquals(0, pool.views().size(), "and starts nothing");

        ticker.advance(Backoff.delay(1));
        CompletableFuture<Lease> second = waiters(pool, 1).get(0);
        launcher.next().fail(init);
        assertSame(init, failed(second));
        assertEquals(Backoff.delay(2).toMillis(), pool.snapshot().backingOffMillis(), "the second failure in a row doubles it");

        ticker.advance(Backoff.delay(2));
        CompletableFuture<Lease> third = waiters(pool, 1).get(0);
        launcher.next().succeed();
        Lease lease = served(third);
        assertEquals(0, pool.snapshot().backingOffMillis(), "a success resets it");

        pool.release(lease, Outcome.CRASHED);
        CompletableFuture<Lease> fourth = waiters(pool, 1).get(0);
        launcher.next().fail(init);
        assertSame(init, failed(fourth));
        assertEquals(Backoff.delay(1).toMillis(), pool.snapshot().backingOffMillis(), "counted from one again");
    }

    @Test
    void aTimeoutWithConcurrencyAboveOneDrainsTheInstanceAndRetiresItWhenItsLastRequestLeaves() throws Exception {
        FunctionPool pool = reserved(2, 1, 1);
        String id = only(pool);
        Lease slow = pool.acquire();
        Lease other = pool.acquire();
        pool.release(slow, Outcome.TIMED_OUT);
        assertEquals(InstanceState.DRAINING, view(pool, id).state(), "it takes no new request");
        assertEquals(Optional.empty(), pool.tryAcquire(), "no slot on a draining instance");
        assertFalse(retired.containsKey(id), "the other request still runs on it");
        pool.release(other, Outcome.OK);
        assertEquals("timed-out", retired.get(id));
        assertTrue(pool.views().stream().noneMatch(v -> v.id().equals(id)));
        await().atMost(AWAIT).until(() -> launcher.discarded.contains(id));
        assertFalse(launcher.retired.contains(id), "no pre-stop: it may still run the handler");
        assertEquals(1, pool.snapshot().counters().timedOut());
    }

    @Test
    void aCrashRetiresTheInstanceAtOnceAndDemandStartsAReplacement() throws Exception {
        FunctionPool pool = pool(1, 0, 2);
        CompletableFuture<Lease> waiter = waiters(pool, 1).get(0);
        ready(pool, 1);
        Lease lease = served(waiter);
        pool.release(lease, Outcome.CRASHED);
        assertEquals("crashed", retired.get(lease.instanceId()));
        assertEquals(0, pool.views().size());
        assertEquals(1, pool.snapshot().counters().crashed());
        await().atMost(AWAIT).until(() -> launcher.discarded.contains(lease.instanceId()));
        assertEquals(0, pool.views().size(), "no demand, no replacement");

        CompletableFuture<Lease> next = waiters(pool, 1).get(0);
        ready(pool, 1);
        assertNotEquals(lease.instanceId(), served(next).instanceId(), "a new instance serves the next request");
    }

    @Test
    void idleInstancesAboveTheMinimumRetireOnTickOnceTheTickerPassesIdleTimeout() throws Exception {
        FunctionPool pool = pool(1, 1, 3);
        List<CompletableFuture<Lease>> three = waiters(pool, 3);
        ready(pool, 3);
        for (CompletableFuture<Lease> w : three) {
            pool.release(served(w), Outcome.OK);
        }
        ticker.advance(IDLE.minusSeconds(1));
        assertEquals(List.of(), pool.tick(), "not idle long enough yet");
        ticker.advance(Duration.ofSeconds(1));
        List<String> gone = pool.tick();
        assertEquals(2, gone.size(), "down to minInstances");
        assertEquals(1, pool.snapshot().byState().get(InstanceState.READY));
        assertEquals(2, pool.snapshot().counters().retiredIdle());
        gone.forEach(id -> assertEquals("idle", retired.get(id)));
        await().atMost(AWAIT).until(() -> launcher.retired.containsAll(gone));
        assertTrue(launcher.discarded.isEmpty(), "an idle instance gets its pre-stop");
    }

    @Test
    void aWatermarkDecisionStartsUpToMaxAndRetiresOnlyIdleInstancesAboveTheMinimum() throws Exception {
        FunctionPool pool = reserved(1, 1, 3);
        assertEquals(List.of(), pool.scaleBy(5, 0), "a scale-out retires nothing");
        ready(pool, 2);
        assertEquals(3, pool.views().size(), "never past maxInstances");
        Lease busy = pool.acquire();
        List<String> gone = pool.scaleBy(0, 3);
        assertEquals(2, gone.size(), "down to the minimum, which the busy instance keeps");
        assertFalse(gone.contains(busy.instanceId()));
        gone.forEach(id -> assertEquals("scaled-in", retired.get(id)));
        assertEquals(List.of(busy.instanceId()), pool.views().stream().map(InstanceView::id).toList());
        pool.release(busy, Outcome.OK);
    }

    @Test
    void tickReplacesAnIdleInstanceThatStoppedListening() throws Exception {
        FunctionPool pool = reserved(1, 1, 2);
        String id = only(pool);
        launcher.kill(id);
        pool.tick();
        assertEquals("crashed", retired.get(id));
        await().atMost(AWAIT).until(() -> launcher.discarded.contains(id));
        assertNotEquals(id, ready(pool, 1).get(0), "the minimum is kept with a new instance");
    }

    @Test
    void retireAllRetiresIdleInstancesAtOnceAndBusyOnesWhenTheirLastRequestLeaves() throws Exception {
        FunctionPool pool = reserved(1, 2, 2);
        List<String> old = pool.views().stream().map(InstanceView::id).toList();
        Lease busy = pool.acquire();
        String idle = old.stream().filter(id -> !id.equals(busy.instanceId())).findFirst().orElseThrow();
        assertEquals(2, pool.retireAll(RetireReason.ADMIN));
        assertEquals(Map.of(idle, "admin"), retired, "the idle one went at once");
        assertEquals(InstanceState.DRAINING, view(pool, busy.instanceId()).state());
        pool.release(busy, Outcome.OK);
        assertEquals("admin", retired.get(busy.instanceId()));
        await().atMost(AWAIT).until(() -> launcher.retired.size() == 2);
        ready(pool, 2);
        assertEquals(4, launcher.launched.size(), "the reserved instances started again");
    }

    @Test
    void tryAcquireTakesAFreeSlotAndOtherwiseReturnsAtOnceWithoutStartingAnInstance() throws Exception {
        FunctionPool pool = pool(1, 1, 3);
        pool.ensureMinimum();
        assertEquals(Optional.empty(), pool.tryAcquire(), "the instance is still starting");
        assertEquals(1, pool.views().size(), "tryAcquire does not start one for a request it did not take");
        String id = ready(pool, 1).get(0);
        Lease lease = pool.tryAcquire().orElseThrow();
        assertEquals(id, lease.instanceId());
        assertFalse(lease.cold());
        assertEquals(Optional.empty(), pool.tryAcquire(), "no room left");
        assertEquals(1, pool.views().size(), "and starts none");
        assertEquals(1, pool.snapshot().counters().served());
        pool.release(lease, Outcome.OK);
        pool.close(Duration.ZERO);
        assertEquals(Optional.empty(), pool.tryAcquire(), "closed");
    }

    @Test
    void closeWaitsForInFlightRequestsThenRetiresEveryInstanceBeforeItReturns() throws Exception {
        FunctionPool pool = reserved(1, 1, 1);
        String id = only(pool);
        Lease lease = pool.acquire();
        CompletableFuture<Integer> closing = CompletableFuture.supplyAsync(() -> pool.close(Duration.ofSeconds(30)), requests);
        await().atMost(AWAIT).until(() -> assertThrows(PlatformException.class, pool::acquire).kind() == Kind.SHUTTING_DOWN);
        assertFalse(closing.isDone(), "a request is still running");
        pool.release(lease, Outcome.OK);
        assertEquals(0, closing.get(AWAIT.toSeconds(), TimeUnit.SECONDS), "none abandoned");
        assertEquals("shutdown", retired.get(id));
        assertEquals(List.of(id), launcher.retired, "pre-stopped and removed before close returned");
    }
}
