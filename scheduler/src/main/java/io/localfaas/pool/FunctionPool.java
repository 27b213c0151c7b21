package io.localfaas.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.localfaas.SchedulerListener;
import io.localfaas.backend.RunningInstance;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.lifecycle.Backoff;
import io.localfaas.lifecycle.ColdStart;
import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.lifecycle.StartedInstance;
import io.localfaas.scaling.Admission;
import io.localfaas.scaling.PoolSnapshot;
import io.localfaas.scaling.ScalingDecision;
import io.localfaas.scaling.Scaler;
import io.localfaas.spec.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances of one function under one lock. A request takes a slot on a READY instance with room (see
 * {@link InstancePicker}); if there is none it waits, bounded in count ({@link Admission}) and in time
 * ({@code maxQueueWait}), for the first slot that frees up, on a new instance or an old one, while the pool starts
 * instances up to clamp(ceil(inflight / instanceConcurrency), min, max) (see {@link Scaler}). No instance ever holds
 * more than instanceConcurrency requests. While an instance is starting, a waiter waits for it as long as its launch
 * may take ({@link InstanceLauncher#maxLaunchTime}), even past maxQueueWait: the request then gets that instance's
 * outcome (served, or its start/initializer failure) rather than a 429 for a cold start that was still on time.
 *
 * <p>Failures and their outcomes:
 * <ul>
 * <li>An instance that fails to start or whose initializer fails or times out is discarded and never serves. Waiters
 * keep waiting while another instance is on the way, and otherwise fail fast with that failure. Consecutive failures
 * make the pool back off before the next start ({@link Backoff}); a success resets it.</li>
 * <li>A request that runs past the function timeout ({@link Outcome#TIMED_OUT}): the instance cannot be trusted (its
 * runtime may still be running the handler, holding memory or a slot), so it takes no new request (DRAINING) and is
 * retired once its last request has left. With instanceConcurrency = 1 that is at once; with C &gt; 1 the other
 * requests on it finish (each bounded by its own timeout) first. A replacement starts when demand needs one.</li>
 * <li>An instance that dies or drops a connection while serving ({@link Outcome#CRASHED}) is retired at once; a
 * replacement starts when demand (or minInstances) needs one.</li>
 * </ul>
 *
 * <p>{@link #tick()}, driven by the scheduler's reaper with the injected clock, retires idle instances above the
 * minimum ({@link VictimPicker}), replaces idle instances that stopped listening, and restarts reserved instances.
 */
public final class FunctionPool {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionPool.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final FunctionSpec spec;
    private final InstanceLauncher launcher;
    private final Executor starter;
    private final Clock clock;
    private final Duration maxQueueWait;
    private final int maxQueue;
    private final SchedulerListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private int waiting;
    private long failures;
    private int consecutiveFailures;
    private long backoffUntilMillis;
    private PlatformException lastFailure;
    private boolean closed;
    private long served;
    private long coldServed;
    private long throttled;
    private long started;
    private long crashed;
    private long timedOut;
    private long retiredIdle;

    /** Mutable state of one instance; guarded by {@link #lock}. */
    private static final class Instance {
        final String id;
        InstanceState state = InstanceState.STARTING;
        int inflight;
        long lastUsedMillis;
        long readyNanos;
        RunningInstance running;
        ColdStart coldStart;
        long served;

        Instance(String id) {
            this.id = id;
        }

        void moveTo(InstanceState next) {
            if (!state.next().contains(next)) {
                throw new IllegalStateException("instance " + id + ": " + state + " -> " + next + " is not allowed");
            }
            state = next;
        }
    }

    public FunctionPool(FunctionSpec spec, InstanceLauncher launcher, Executor starter, Clock clock, Duration maxQueueWait,
                        SchedulerListener listener) {
        this(spec, launcher, starter, clock, maxQueueWait, Integer.MAX_VALUE, listener);
    }

    /** @param maxQueue requests that may wait once maxInstances run; beyond that THROTTLED at once */
    public FunctionPool(FunctionSpec spec, InstanceLauncher launcher, Executor starter, Clock clock, Duration maxQueueWait,
                        int maxQueue, SchedulerListener listener) {
        this.spec = spec;
        this.listener = listener;
        this.launcher = launcher;
        this.starter = starter;
        this.clock = clock;
        this.maxQueueWait = maxQueueWait;
        this.maxQueue = maxQueue;
    }

    public FunctionSpec spec() {
        return spec;
    }

    /** Starts instances up to minInstances (reserved instances). Does not wait for them. */
    public void ensureMinimum() {
        lock.lock();
        try {
            scale();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a slot, waiting at most maxQueueWait.
     *
     * @throws PlatformException THROTTLED when the queue is full or no slot frees in time; the start failure when the
     *                           instance this request waited for failed and no other is on the way; SHUTTING_DOWN
     */
    public Lease acquire() {
        long arrived = System.nanoTime();
        long deadline = arrived + maxQueueWait.toNanos();
        long coldDeadline = Math.max(deadline, arrived + launcher.maxLaunchTime(spec).toNanos());
        lock.lock();
        try {
            if (closed) {
                throw PlatformException.of(Kind.SHUTTING_DOWN, "localfaas is shutting down");
            }
            Optional<Lease> now = take(arrived);
            if (now.isPresent()) {
                return now.get();
            }
            if (!Admission.mayWait(countedInstances(), spec.maxInstances(), waiting, maxQueue)) {
                throttled++;
                throw PlatformException.throttled(spec.name() + " runs maxInstances " + spec.maxInstances() + " instance(s) with "
                        + spec.instanceConcurrency() + " slot(s) each, all busy, and " + waiting + " request(s) already wait (maxQueue "
                        + maxQueue + ")", Duration.ofSeconds(1));
            }
            waiting++;
            long failuresSeen = failures;
            try {
                while (true) {
                    if (closed) {
                        throw PlatformException.of(Kind.SHUTTING_DOWN, "localfaas is shutting down");
                    }
                    Optional<Lease> lease = take(arrived);
                    if (lease.isPresent()) {
                        return lease.get();
                    }
                    if (lastFailure != null && startingCount() == 0
                            && (failures != failuresSeen || (backingOff() && countedInstances() == 0))) {
                        throw lastFailure;
                    }
                    scale();
                    // While an instance is on its way, a waiter waits for it (its launch ends by itself, bounded);
                    // maxQueueWait bounds the wait for a slot when nothing is starting.
                    long remaining = (startingCount() > 0 ? coldDeadline : deadline) - System.nanoTime();
                    if (remaining <= 0) {
                        throttled++;
                        throw PlatformException.throttled("no instance of " + spec.name() + " had a free slot within "
                                + maxQueueWait.toMillis() + "ms (maxInstances " + spec.maxInstances() + ", instanceConcurrency "
                                + spec.instanceConcurrency() + ")", Duration.ofSeconds(1));
                    }
                    // Wake up at least every 100 ms to notice the end of a backoff.
                    changed.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
                }
            } finally {
                waiting--;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PlatformException.of(Kind.SHUTTING_DOWN, "interrupted while waiting for an instance of " + spec.name());
        } finally {
            lock.unlock();
        }
    }

    /** A slot on the instance {@link InstancePicker} chooses, if any; caller holds the lock. */
    private Optional<Lease> take(long arrivedNanos) {
        Optional<InstanceView> pick = InstancePicker.pick(viewsLocked(), spec.instanceConcurrency(),
                spec.scaling().policy() == io.localfaas.spec.ScalingSpec.Policy.WATERMARK);
        if (pick.isEmpty()) {
            return Optional.empty();
        }
        Instance i = instances.get(pick.get().id());
        i.inflight++;
        i.served++;
        i.lastUsedMillis = clock.millis();
        served++;
        boolean cold = i.readyNanos >= arrivedNanos;
        if (cold) {
            coldServed++;
        }
        return Optional.of(new Lease(i.id, i.running, cold ? Optional.of(i.coldStart) : Optional.empty(),
                Duration.ofNanos(System.nanoTime() - arrivedNanos)));
    }

    /** Gives a slot back; the outcome decides whether the instance serves again. */
    public void release(Lease lease, Outcome outcome) {
        RunningInstance toRetire = null;
        lock.lock();
        try {
            Instance i = instances.get(lease.instanceId());
            if (i == null) {
                return;
            }
            i.inflight--;
            i.lastUsedMillis = clock.millis();
            if (outcome == Outcome.CRASHED) {
                crashed++;
                if (i.state != InstanceState.RETIRED) {
                    i.moveTo(InstanceState.RETIRED);
                }
            } else if (outcome == Outcome.TIMED_OUT) {
                timedOut++;
                if (i.state == InstanceState.READY) {
                    i.moveTo(InstanceState.DRAINING);
                }
            }
            if (i.state == InstanceState.DRAINING && i.inflight == 0) {
                i.moveTo(InstanceState.RETIRED);
            }
            if (i.state == InstanceState.RETIRED) {
                instances.remove(i.id);
                toRetire = i.running;
                scale();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (toRetire != null) {
            RunningInstance r = toRetire;
            listener.instanceRetired(spec, lease.instanceId(), outcome == Outcome.CRASHED ? "crashed" : "timed-out");
            starter.execute(() -> launcher.discard(r));
        }
    }

    /**
     * One step of housekeeping at the clock's current time: retires idle instances above minInstances, replaces idle
     * instances that no longer listen, and starts instances up to the minimum (after any backoff). Returns the ids
     * retired for being idle.
     */
    public List<String> tick() {
        List<Instance> idle = new ArrayList<>();
        List<Instance> probe = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return List.of();
            }
            for (String id : VictimPicker.idle(viewsLocked(), spec.minInstances(), spec.idleTimeout(), clock.millis())) {
                Instance i = instances.remove(id);
                i.moveTo(InstanceState.RETIRED);
                retiredIdle++;
                idle.add(i);
            }
            for (Instance i : instances.values()) {
                if (i.state == InstanceState.READY && i.inflight == 0) {
                    probe.add(i);
                }
            }
        } finally {
            lock.unlock();
        }
        for (Instance i : idle) {
            LOG.info("instance {} of {} idle for {}ms or more: retiring it", i.id, spec.name(), spec.idleTimeout().toMillis());
        }
        retireRemoved(idle, "idle");
        for (Instance i : probe) {
            if (!launcher.listening(i.running)) {
                retireDead(i);
            }
        }
        ensureMinimum();
        return idle.stream().map(i -> i.id).toList();
    }

    /**
     * Applies a scaling decision taken outside the pool (the watermark policy): starts up to {@code toStart} instances
     * (never past maxInstances, not while backing off) and retires up to {@code toRetire} idle READY instances, the
     * longest idle first, never below minInstances; busy instances are left for a later decision. Returns the ids
     * retired.
     */
    public List<String> scaleBy(int toStart, int toRetire) {
        List<Instance> gone = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return List.of();
            }
            if (!backingOff()) {
                for (int n = Math.min(toStart, spec.maxInstances() - countedInstances()); n > 0; n--) {
                    startOne();
                }
            }
            for (String id : VictimPicker.surplus(viewsLocked(), spec.minInstances(), toRetire)) {
                Instance i = instances.remove(id);
                i.moveTo(InstanceState.RETIRED);
                gone.add(i);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        retireRemoved(gone, "scaled-in");
        return gone.stream().map(i -> i.id).toList();
    }

    /** Instances already taken out of the pool: told to the listener, then pre-stopped and removed off this thread. */
    private void retireRemoved(List<Instance> gone, String reason) {
        for (Instance i : gone) {
            listener.instanceRetired(spec, i.id, reason);
            RunningInstance r = i.running;
            starter.execute(() -> launcher.retire(spec, r));
        }
    }

    /** An idle instance stopped listening: it is removed and, where the minimum needs it, replaced. */
    private void retireDead(Instance i) {
        lock.lock();
        try {
            if (i.state != InstanceState.READY || i.inflight != 0 || instances.get(i.id) != i) {
                return;
            }
            i.moveTo(InstanceState.RETIRED);
            instances.remove(i.id);
            crashed++;
            scale();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.warn("instance {} of {} stopped listening while idle ({}): replacing it", i.id, spec.name(),
                launcher.status(i.running).describe());
        listener.instanceRetired(spec, i.id, "crashed");
        RunningInstance r = i.running;
        starter.execute(() -> launcher.discard(r));
    }

    /**
     * Retires every instance (for the admin API: forces cold starts). Idle READY instances go at once, busy ones
     * drain and go when their last request ends; starting ones are left to finish. Reserved instances are started
     * again by the scaler. Returns how many instances were retired or set draining.
     */
    public int retireAll(String reason) {
        List<Instance> gone = new ArrayList<>();
        int count = 0;
        lock.lock();
        try {
            for (Instance i : List.copyOf(instances.values())) {
                if (i.state == InstanceState.READY && i.inflight == 0) {
                    i.moveTo(InstanceState.RETIRED);
                    instances.remove(i.id);
                    gone.add(i);
                    count++;
                } else if (i.state == InstanceState.READY) {
                    i.moveTo(InstanceState.DRAINING);
                    count++;
                }
            }
            scale();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        retireRemoved(gone, reason);
        return count;
    }

    /** The running handle of an instance that is still in the pool (for its logs). */
    public Optional<RunningInstance> running(String instanceId) {
        lock.lock();
        try {
            Instance i = instances.get(instanceId);
            return i == null ? Optional.empty() : Optional.ofNullable(i.running);
        } finally {
            lock.unlock();
        }
    }

    /** Immutable views of every instance, for decisions and the admin API. */
    public List<InstanceView> views() {
        lock.lock();
        try {
            return viewsLocked();
        } finally {
            lock.unlock();
        }
    }

    private List<InstanceView> viewsLocked() {
        List<InstanceView> out = new ArrayList<>(instances.size());
        for (Instance i : instances.values()) {
            out.add(new InstanceView(i.id, i.state, i.inflight, i.lastUsedMillis, i.served == 0));
        }
        return out;
    }

    /** The ids of every instance the pool holds, starting ones included. */
    public Set<String> instanceIds() {
        lock.lock();
        try {
            return Set.copyOf(instances.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** An immutable view of the pool and its counters. */
    public FunctionSnapshot snapshot() {
        lock.lock();
        try {
            Map<InstanceState, Integer> byState = new EnumMap<>(InstanceState.class);
            instances.values().forEach(i -> byState.merge(i.state, 1, Integer::sum));
            return new FunctionSnapshot(spec.name(), spec.minInstances(), spec.maxInstances(), spec.instanceConcurrency(),
                    viewsLocked(), byState, busy(), waiting, Math.max(0, backoffUntilMillis - clock.millis()),
                    new PoolCounters(served, coldServed, throttled, started, failures, crashed, timedOut, retiredIdle));
        } finally {
            lock.unlock();
        }
    }

    /** Requests executing or waiting. */
    public int inflight() {
        lock.lock();
        try {
            return waiting + busy();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking requests, waits up to {@code grace} for in-flight ones to finish, then retires every instance
     * (pre-stop, remove). Returns the number of requests still running when the grace period ended.
     */
    public int close(Duration grace) {
        List<Instance> toRetire;
        int abandoned;
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            long deadline = System.nanoTime() + grace.toNanos();
            while (busy() > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                changed.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            abandoned = busy();
            toRetire = new ArrayList<>(instances.values());
            instances.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = -1;
            toRetire = new ArrayList<>(instances.values());
            instances.clear();
        } finally {
            lock.unlock();
        }
        for (Instance i : toRetire) {
            if (i.running != null) {
                launcher.retire(spec, i.running);
                listener.instanceRetired(spec, i.id, "shutdown");
            }
        }
        return abandoned;
    }

    private int busy() {
        return instances.values().stream().mapToInt(i -> i.inflight).sum();
    }

    private int countedInstances() {
        return (int) instances.values().stream().filter(i -> i.state.counts()).count();
    }

    private int startingCount() {
        return (int) instances.values().stream()
                .filter(i -> i.state == InstanceState.STARTING || i.state == InstanceState.INITIALIZING).count();
    }

    private boolean backingOff() {
        return clock.millis() < backoffUntilMillis;
    }

    /** Applies the scaler's decision, unless the pool backs off after start failures; caller holds the lock. */
    private void scale() {
        if (closed || backingOff()) {
            return;
        }
        ScalingDecision d = Scaler.decide(new PoolSnapshot(waiting + busy(), countedInstances(), spec.instanceConcurrency(),
                spec.minInstances(), spec.maxInstances()));
        for (int n = 0; n < d.toStart(); n++) {
            startOne();
        }
    }

    private void startOne() {
        Instance i = new Instance(spec.name() + "-" + Long.toString(IDS.incrementAndGet(), 36) + "-" + Long.toString(System.nanoTime() & 0xffffff, 36));
        instances.put(i.id, i);
        starter.execute(() -> launch(i));
    }

    private void launch(Instance i) {
        try {
            StartedInstance result = launcher.launch(spec, i.id, () -> transition(i, InstanceState.INITIALIZING));
            boolean keep;
            lock.lock();
            try {
                keep = !closed && i.state != InstanceState.RETIRED;
                if (keep) {
                    i.running = result.instance();
                    i.coldStart = result.coldStart();
                    i.readyNanos = System.nanoTime();
                    i.lastUsedMillis = clock.millis();
                    i.moveTo(InstanceState.READY);
                    started++;
                    consecutiveFailures = 0;
                    backoffUntilMillis = 0;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (keep) {
                listener.instanceReady(spec, i.id, result.coldStart());
            } else {
                launcher.retire(spec, result.instance());
            }
        } catch (PlatformException e) {
            LOG.warn("instance {} of {} failed to start: {}", i.id, spec.name(), e.getMessage());
            fail(i, e);
        } catch (RuntimeException e) {
            LOG.error("instance {} of {} failed to start", i.id, spec.name(), e);
            fail(i, PlatformException.of(Kind.START_FAILED, "instance " + i.id + " of " + spec.name() + " failed to start: " + e, e));
        }
    }

    private void transition(Instance i, InstanceState next) {
        lock.lock();
        try {
            if (i.state.next().contains(next)) {
                i.moveTo(next);
            }
        } finally {
            lock.unlock();
        }
    }

    private void fail(Instance i, PlatformException e) {
        lock.lock();
        try {
            instances.remove(i.id);
            i.state = InstanceState.RETIRED;
            lastFailure = e;
            failures++;
            if (e.kind() != Kind.THROTTLED && e.kind() != Kind.SHUTTING_DOWN) {
                consecutiveFailures++;
                backoffUntilMillis = clock.millis() + Backoff.delay(consecutiveFailures).toMillis();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        listener.instanceFailed(spec, i.id, e);
    }
}
