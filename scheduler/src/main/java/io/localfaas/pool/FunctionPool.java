package io.localfaas.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.localfaas.backend.RunningInstance;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.port.FunctionSnapshot;
import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import io.localfaas.port.SchedulerListener;
import io.localfaas.scaling.HistogramKeepAlive;
import io.localfaas.scaling.Scaler;
import io.localfaas.scaling.ScalingDecision;
import io.localfaas.spec.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances of one function under one lock. A request takes a slot on a READY instance with room (see
 * {@link InstancePicker}); if there is none it waits, bounded in count ({@link Admission}) and in time
 * ({@code maxQueueWait}), for the first slot that frees up, on a new instance or an old one, while the pool starts
 * instances up to clamp(ceil(inflight / instanceConcurrency), min, max) (see {@link Scaler}). No instance ever holds
 * more than instanceConcurrency requests. While an instance is starting, a waiter waits for it as long as its launch
 * may take ({@link Launcher#maxLaunchTime}), even past maxQueueWait: the request then gets that instance's
 * outcome (served, or its start/initializer failure) rather than a 429 for a cold start that was still on time.
 * {@link #tryAcquire()} is the non-blocking form: a free slot now, or nothing.
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
 * <p>Every instance leaves through {@link InstanceSet#retire}, whatever the {@link RetireReason}. Every scaling
 * decision, whichever policy took it (the concurrency rule {@link Scaler}, the keep-alive {@link KeepAliveTimer}, the
 * watermark policy through {@link #scaleBy}), is one {@link ScalingDecision} applied in one place ({@link #apply}).
 * Instances are started and ended through the {@link Launcher} on the starter executor, never under the lock. All
 * time comes from the injected {@link Ticker}. {@link #tick()}, driven by the scheduler's housekeeping, applies the
 * keep-alive policy, replaces idle instances that stopped listening, and restarts reserved instances.
 */
public final class FunctionPool {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionPool.class);
    /** A waiter reads the ticker again at least this often (a back-off ending, a test's ticker moved). */
    private static final long WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final FunctionSpec spec;
    private final Launcher launcher;
    private final Ticker ticker;
    private final Duration maxQueueWait;
    /** The lock and the instance side; {@link #lock}, {@link #changed} and the parts below are its. */
    private final PoolCore core;
    private final ReentrantLock lock;
    private final Condition changed;
    private final InstanceSet instances;
    private final StartFailures failures;
    private final KeepAliveTimer keepAlive;
    private final Leases leases;

    public FunctionPool(FunctionSpec spec, Launcher launcher, Executor starter, Ticker ticker, Duration maxQueueWait,
                        SchedulerListener listener) {
        this(spec, launcher, starter, ticker, maxQueueWait, Integer.MAX_VALUE, listener);
    }

    /** @param maxQueue requests that may wait once maxInstances run; beyond that THROTTLED at once */
    public FunctionPool(FunctionSpec spec, Launcher launcher, Executor starter, Ticker ticker, Duration maxQueueWait,
                        int maxQueue, SchedulerListener listener) {
        this.spec = spec;
        this.launcher = launcher;
        this.ticker = ticker;
        this.maxQueueWait = maxQueueWait;
        this.core = new PoolCore(spec, launcher, starter, ticker, listener);
        this.lock = core.lock;
        this.changed = core.changed;
        this.instances = core.instances;
        this.failures = core.failures;
        this.keepAlive = core.keepAlive;
        this.leases = new Leases(spec, ticker, instances, keepAlive, maxQueue);
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
            unlock();
        }
    }

    /**
     * Takes a slot now if a READY instance has one free; never waits and starts nothing beyond what the scaler's rule
     * asks for (as {@link #acquire()} does when a slot is free). Counts served and cold as {@link #acquire()} does.
     * Empty when no instance has room (the caller may then {@link #acquire()}, off an I/O thread) or the pool is
     * closed.
     */
    public Optional<Lease> tryAcquire() {
        long arrived = ticker.nanoTime();
        lock.lock();
        try {
            if (core.closed) {
                return Optional.empty();
            }
            Optional<Lease> lease = leases.take(arrived, core.readyCount);
            scale();
            return lease;
        } finally {
            unlock();
        }
    }

    /**
     * Takes a slot, waiting at most maxQueueWait (longer while an instance it may get is still starting).
     *
     * @throws PlatformException THROTTLED when the queue is full or no slot frees in time; the start failure when the
     *                           instance this request waited for failed and no other is on the way; SHUTTING_DOWN
     */
    public Lease acquire() {
        long arrived = ticker.nanoTime();
        long deadline = arrived + maxQueueWait.toNanos();
        long coldDeadline = Math.max(deadline, arrived + launcher.maxLaunchTime(spec).toNanos());
        lock.lock();
        try {
            long readySeen = core.readyCount;
            if (core.closed) {
                throw PlatformException.of(Kind.SHUTTING_DOWN, "localfaas is shutting down");
            }
            Optional<Lease> now = leases.take(arrived, readySeen);
            if (now.isPresent()) {
                return now.get();
            }
            leases.startWaiting();
            long failuresSeen = failures.count();
            try {
                while (true) {
                    if (core.closed) {
                        throw PlatformException.of(Kind.SHUTTING_DOWN, "localfaas is shutting down");
                    }
                    Optional<Lease> lease = leases.take(arrived, readySeen);
                    if (lease.isPresent()) {
                        return lease.get();
                    }
                    if (failures.last() != null && instances.starting() == 0
                            && (failures.count() != failuresSeen || (backingOff() && instances.counted() == 0))) {
                        throw failures.last();
                    }
                    scale();
                    // While an instance is on its way, a waiter waits for it (its launch ends by itself, bounded);
                    // maxQueueWait bounds the wait for a slot when nothing is starting.
                    long remaining = (instances.starting() > 0 ? coldDeadline : deadline) - ticker.nanoTime();
                    if (remaining <= 0) {
                        throw leases.waitedTooLong(maxQueueWait);
                    }
                    changed.awaitNanos(Math.min(remaining, WAKE_NANOS));
                }
            } finally {
                leases.stopWaiting();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PlatformException.of(Kind.SHUTTING_DOWN, "interrupted while waiting for an instance of " + spec.name());
        } finally {
            unlock();
        }
    }

    /**
     * A request that waits for a slot without a thread of its own (the simulator's requests, on a virtual clock): it
     * counts as waiting for the scaler from {@link #arrive()} until {@link #poll} gives it a slot or it is
     * {@link #abandon}ed; it paid a cold start when its instance became ready after it arrived, as in {@link #acquire()}.
     */
    public static final class Waiter {
        private final long arrivedNanos;
        private final long readySeen;
        private Lease lease;
        private boolean waiting;

        private Waiter(long arrivedNanos, long readySeen) {
            this.arrivedNanos = arrivedNanos;
            this.readySeen = readySeen;
        }

        public Optional<Lease> lease() {
            return Optional.ofNullable(lease);
        }

        public boolean waiting() {
            return waiting;
        }
    }

    /**
     * {@link #acquire()} without blocking: a slot now if one is free, else the request joins the waiters (the scaler
     * starts instances for it) and the caller {@link #poll}s when the pool has changed.
     *
     * @throws PlatformException THROTTLED when the queue is full (as {@link #acquire()}), SHUTTING_DOWN
     */
    public Waiter arrive() {
        lock.lock();
        try {
            if (core.closed) {
                throw PlatformException.of(Kind.SHUTTING_DOWN, "localfaas is shutting down");
            }
            Waiter w = new Waiter(ticker.nanoTime(), core.readyCount);
            w.lease = leases.take(w.arrivedNanos, w.readySeen).orElse(null);
            if (w.lease == null) {
                leases.startWaiting();
                w.waiting = true;
            }
            scale();
            return w;
        } finally {
            unlock();
        }
    }

    /** Gives a waiting request a slot if one is free now; true when it has one (it then no longer waits). */
    public boolean poll(Waiter w) {
        lock.lock();
        try {
            if (w.waiting) {
                w.lease = leases.take(w.arrivedNanos, w.readySeen).orElse(null);
                if (w.lease != null) {
                    w.waiting = false;
                    leases.stopWaiting();
                }
                scale();
            }
            return w.lease != null;
        } finally {
            unlock();
        }
    }

    /** A waiting request gives up (its wait is over): counted as throttled, as {@link #acquire()} counts it. */
    public void abandon(Waiter w) {
        lock.lock();
        try {
            if (w.waiting) {
                w.waiting = false;
                leases.gaveUp();
            }
        } finally {
            unlock();
        }
    }

    /** Whether an instance of this pool is starting or initializing now. */
    public boolean starting() {
        return locked(() -> instances.starting() > 0);
    }

    /** Gives a slot back; the outcome decides whether the instance serves again. */
    public void release(Lease lease, Outcome outcome) {
        lock.lock();
        try {
            if (leases.release(lease, outcome)) {
                scale();
            }
            changed.signalAll();
        } finally {
            unlock();
        }
    }

    /**
     * One step of housekeeping at the ticker's current time: applies the keep-alive policy (idle instances above
     * minInstances retired, a warm instance started in the histogram's window), replaces idle instances that no longer
     * listen, and starts instances up to the minimum (after any backoff). Returns the ids retired for being idle.
     */
    public List<String> tick() {
        List<String> idle;
        List<PoolInstance> probe = new ArrayList<>();
        lock.lock();
        try {
            if (core.closed) {
                return List.of();
            }
            idle = core.apply(keepAlive.decide(instances.all(), ticker.millis()), RetireReason.IDLE);
            for (PoolInstance i : instances.all()) {
                if (i.idle()) {
                    probe.add(i);
                }
            }
        } finally {
            unlock();
        }
        for (PoolInstance i : probe) {
            if (!launcher.listening(i.running)) {
                core.retireDead(i, launcher.status(i.running));
            }
        }
        ensureMinimum();
        return idle;
    }

    /**
     * Applies the watermark policy's decision (taken outside the pool, over sampled metrics): starts up to
     * {@code toStart} instances and retires up to {@code toRetire} idle READY instances, the longest idle first
     * ({@link VictimPicker#surplus}), never below minInstances; busy instances are left for a later decision. Returns
     * the ids retired.
     */
    public List<String> scaleBy(int toStart, int toRetire) {
        lock.lock();
        try {
            if (core.closed) {
                return List.of();
            }
            List<String> surplus = VictimPicker.surplus(instances.views(), spec.minInstances(), toRetire);
            return core.apply(new ScalingDecision(Math.max(0, instances.counted() + toStart - surplus.size()), toStart, surplus, "watermark"),
                    RetireReason.SCALED_IN);
        } finally {
            unlock();
        }
    }

    /** The keep-alive window now (the fixed idleTimeout under keepAlive: fixed), for the admin API and tests. */
    public HistogramKeepAlive.Window keepAlive() {
        return locked(() -> keepAlive.window());
    }

    /**
     * Retires every instance (for the admin API: forces cold starts). Idle READY instances go at once, busy ones
     * drain and go when their last request ends; starting ones are left to finish. Reserved instances are started
     * again by the scaler. Returns how many instances were retired or set draining.
     */
    public int retireAll(RetireReason reason) {
        int count = 0;
        lock.lock();
        try {
            for (PoolInstance i : List.copyOf(instances.all())) {
                if (i.idle()) {
                    instances.retire(i, reason);
                    count++;
                } else if (i.state == InstanceState.READY) {
                    i.drain(reason);
                    count++;
                }
            }
            scale();
            changed.signalAll();
        } finally {
            unlock();
        }
        return count;
    }

    /** The running handle of an instance that is still in the pool (for its logs). */
    public Optional<RunningInstance> running(String instanceId) {
        lock.lock();
        try {
            return Optional.ofNullable(instances.get(instanceId)).map(i -> i.running);
        } finally {
            unlock();
        }
    }

    /** Immutable views of every instance, for decisions and the admin API. */
    public List<InstanceView> views() {
        return locked(() -> instances.views());
    }

    /** The ids of every instance the pool holds, starting ones included. */
    public Set<String> instanceIds() {
        return locked(() -> instances.ids());
    }

    /** An immutable view of the pool and its counters. */
    public FunctionSnapshot snapshot() {
        return locked(() -> new FunctionSnapshot(spec.name(), spec.minInstances(), spec.maxInstances(), spec.instanceConcurrency(),
                    instances.views(), instances.byState(), instances.busy(), leases.waiting(), failures.backoffLeftMillis(ticker.millis()),
                    leases.counters(core.started, failures.count())));
    }

    /** Requests executing or waiting. */
    public int inflight() {
        return locked(() -> leases.inflight());
    }

    /**
     * Stops taking requests, waits up to {@code grace} for in-flight ones to finish, then retires every instance
     * (pre-stop, remove) before it returns. Returns the number of requests still running when the grace period ended.
     */
    public int close(Duration grace) {
        int abandoned;
        lock.lock();
        try {
            core.closed = true;
            changed.signalAll();
            long deadline = ticker.nanoTime() + grace.toNanos();
            while (instances.busy() > 0) {
                long remaining = deadline - ticker.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                changed.awaitNanos(Math.min(remaining, WAKE_NANOS));
            }
            abandoned = instances.busy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = -1;
        } finally {
            List.copyOf(instances.all()).forEach(i -> instances.retire(i, RetireReason.SHUTDOWN));
            unlock();
        }
        return abandoned;
    }

    private void unlock() {
        core.unlock();
    }

    private boolean backingOff() {
        return core.backingOff();
    }

    /** The concurrency rule's decision for the requests executing and waiting now, applied; caller holds the lock. */
    private void scale() {
        core.scale(leases.waiting());
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            unlock();
        }
    }
}
