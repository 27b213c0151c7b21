package io.localfaas.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.localfaas.SchedulerListener;
import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.RunningInstance;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.lifecycle.Backoff;
import io.localfaas.lifecycle.ColdStart;
import io.localfaas.lifecycle.StartedInstance;
import io.localfaas.scaling.Admission;
import io.localfaas.scaling.HistogramKeepAlive;
import io.localfaas.scaling.IdleTimes;
import io.localfaas.scaling.PoolSnapshot;
import io.localfaas.scaling.ScalingDecision;
import io.localfaas.scaling.Scaler;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.ScalingSpec;
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
 * <p>Every instance leaves through {@link #retire}, whatever the {@link RetireReason}. Instances are started and
 * ended through the {@link Launcher} on the starter executor, never under the lock. All time comes from the injected
 * {@link Ticker}. {@link #tick()}, driven by the scheduler's housekeeping, retires idle instances above the minimum
 * ({@link VictimPicker}), replaces idle instances that stopped listening, and restarts reserved instances.
 */
public final class FunctionPool {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionPool.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** A waiter reads the ticker again at least this often (a back-off ending, a test's ticker moved). */
    private static final long WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final FunctionSpec spec;
    private final Launcher launcher;
    private final Executor starter;
    private final Ticker ticker;
    private final Duration maxQueueWait;
    private final int maxQueue;
    private final SchedulerListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    /** Instances {@link #retire}d under the lock, handed to the listener and the launcher by {@link #unlock()}. */
    private final List<Retired> retiring = new ArrayList<>();
    private int waiting;
    private long failures;
    private int consecutiveFailures;
    private long backoffUntilMillis;
    private PlatformException lastFailure;
    private boolean closed;
    /** How many instances have become READY so far: a request that sees an instance become ready after it came paid a cold start. */
    private long readyCount;
    private long served;
    private long coldServed;
    private long throttled;
    private long started;
    private long crashed;
    private long timedOut;
    private long retiredIdle;
    /** keepAlive: histogram: the function's idle times, when its last request ended (-1: busy or never used), the window. */
    private final IdleTimes idleTimes = new IdleTimes();
    private long idleSinceMillis = -1;
    private HistogramKeepAlive.Window window;
    private long windowVersion = -1;

    /** Mutable state of one instance; guarded by {@link #lock}. */
    private static final class Instance {
        final String id;
        InstanceState state = InstanceState.STARTING;
        int inflight;
        long lastUsedMillis;
        /** The value of {@link #readyCount} this instance's readiness made. */
        long readyNumber;
        RunningInstance running;
        ColdStart coldStart;
        long served;
        /** Why it drains, once DRAINING. */
        RetireReason drainReason;

        Instance(String id) {
            this.id = id;
        }

        void moveTo(InstanceState next) {
            if (!state.next().contains(next)) {
                throw new IllegalStateException("instance " + id + ": " + state + " -> " + next + " is not allowed");
            }
            state = next;
        }

        void drain(RetireReason why) {
            moveTo(InstanceState.DRAINING);
            drainReason = why;
        }
    }

    /** An instance taken out of the pool, still to be told to the listener and handed to the launcher. */
    private record Retired(Instance instance, RetireReason reason) {
    }

    public FunctionPool(FunctionSpec spec, Launcher launcher, Executor starter, Ticker ticker, Duration maxQueueWait,
                        SchedulerListener listener) {
        this(spec, launcher, starter, ticker, maxQueueWait, Integer.MAX_VALUE, listener);
    }

    /** @param maxQueue requests that may wait once maxInstances run; beyond that THROTTLED at once */
    public FunctionPool(FunctionSpec spec, Launcher launcher, Executor starter, Ticker ticker, Duration maxQueueWait,
                        int maxQueue, SchedulerListener listener) {
        this.spec = spec;
        this.listener = listener;
        this.launcher = launcher;
        this.starter = starter;
        this.ticker = ticker;
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
            if (closed) {
                return Optional.empty();
            }
            Optional<Lease> lease = take(arrived, readyCount);
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
            long readySeen = readyCount;
            if (closed) {
                throw PlatformException.of(Kind.SHUTTING_DOWN, "localfaas is shutting down");
            }
            Optional<Lease> now = take(arrived, readySeen);
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
                    Optional<Lease> lease = take(arrived, readySeen);
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
                    long remaining = (startingCount() > 0 ? coldDeadline : deadline) - ticker.nanoTime();
                    if (remaining <= 0) {
                        throttled++;
                        throw PlatformException.throttled("no instance of " + spec.name() + " had a free slot within "
                                + maxQueueWait.toMillis() + "ms (maxInstances " + spec.maxInstances() + ", instanceConcurrency "
                                + spec.instanceConcurrency() + ")", Duration.ofSeconds(1));
                    }
                    changed.awaitNanos(Math.min(remaining, WAKE_NANOS));
                }
            } finally {
                waiting--;
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
            if (closed) {
                throw PlatformException.of(Kind.SHUTTING_DOWN, "localfaas is shutting down");
            }
            Waiter w = new Waiter(ticker.nanoTime(), readyCount);
            w.lease = take(w.arrivedNanos, w.readySeen).orElse(null);
            if (w.lease == null) {
                if (!Admission.mayWait(countedInstances(), spec.maxInstances(), waiting, maxQueue)) {
                    throttled++;
                    throw PlatformException.throttled(spec.name() + " has maxInstances " + spec.maxInstances() + " busy and " + waiting
                            + " request(s) waiting (maxQueue " + maxQueue + ")", Duration.ofSeconds(1));
                }
                w.waiting = true;
                waiting++;
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
                w.lease = take(w.arrivedNanos, w.readySeen).orElse(null);
                if (w.lease != null) {
                    w.waiting = false;
                    waiting--;
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
                waiting--;
                throttled++;
            }
        } finally {
            unlock();
        }
    }

    /** Whether an instance of this pool is starting or initializing now. */
    public boolean starting() {
        lock.lock();
        try {
            return startingCount() > 0;
        } finally {
            unlock();
        }
    }

    /**
     * A slot on the instance {@link InstancePicker} chooses, if any; caller holds the lock. The request paid a cold
     * start when its instance became ready after it arrived (after {@code readySeen} instances had).
     */
    private Optional<Lease> take(long arrivedNanos, long readySeen) {
        Optional<InstanceView> pick = InstancePicker.pick(viewsLocked(), spec.instanceConcurrency(),
                spec.scaling().policy() == ScalingSpec.Policy.WATERMARK);
        if (pick.isEmpty()) {
            return Optional.empty();
        }
        Instance i = instances.get(pick.get().id());
        long now = ticker.nanoTime();
        if (idleSinceMillis >= 0) {
            idleTimes.record(Math.max(0, TimeUnit.NANOSECONDS.toMillis(arrivedNanos) - idleSinceMillis));
            idleSinceMillis = -1;
        }
        i.inflight++;
        i.served++;
        i.lastUsedMillis = ticker.millis();
        served++;
        boolean cold = i.readyNumber > readySeen;
        if (cold) {
            coldServed++;
        }
        return Optional.of(new Lease(i.id, i.running, cold ? Optional.of(i.coldStart) : Optional.empty(),
                Duration.ofNanos(now - arrivedNanos)));
    }

    /** Gives a slot back; the outcome decides whether the instance serves again. */
    public void release(Lease lease, Outcome outcome) {
        lock.lock();
        try {
            Instance i = instances.get(lease.instanceId());
            if (i == null) {
                return;
            }
            i.inflight--;
            i.lastUsedMillis = ticker.millis();
            if (histogramKeepAlive() && waiting == 0 && busy() == 0) {
                idleSinceMillis = i.lastUsedMillis;
            }
            if (outcome == Outcome.CRASHED) {
                retire(i, RetireReason.CRASHED);
            } else if (outcome == Outcome.TIMED_OUT) {
                timedOut++;
                if (i.state == InstanceState.READY) {
                    i.drain(RetireReason.TIMED_OUT);
                }
            }
            if (i.state == InstanceState.DRAINING && i.inflight == 0) {
                retire(i, i.drainReason);
            }
            if (i.state == InstanceState.RETIRED) {
                scale();
            }
            changed.signalAll();
        } finally {
            unlock();
        }
    }

    /**
     * One step of housekeeping at the ticker's current time: retires idle instances above minInstances, replaces idle
     * instances that no longer listen, and starts instances up to the minimum (after any backoff). Returns the ids
     * retired for being idle.
     */
    public List<String> tick() {
        List<String> idle;
        List<Instance> probe = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return List.of();
            }
            if (histogramKeepAlive() && keepAliveWindow().fromHistogram()) {
                HistogramKeepAlive.Decision d = HistogramKeepAlive.decide(keepAliveWindow(), keepAliveViews(), spec.minInstances(),
                        spec.maxInstances(), ticker.millis(), idleSinceMillis);
                idle = d.retire();
                for (int n = 0; n < d.start() && !backingOff(); n++) {
                    startOne();
                }
            } else {
                idle = VictimPicker.idle(viewsLocked(), spec.minInstances(), spec.idleTimeout(), ticker.millis());
            }
            for (String id : idle) {
                LOG.info("instance {} of {} idle for {}ms or more: retiring it", id, spec.name(), spec.idleTimeout().toMillis());
                retire(instances.get(id), RetireReason.IDLE);
            }
            for (Instance i : instances.values()) {
                if (i.state == InstanceState.READY && i.inflight == 0) {
                    probe.add(i);
                }
            }
        } finally {
            unlock();
        }
        for (Instance i : probe) {
            if (!launcher.listening(i.running)) {
                retireDead(i, launcher.status(i.running));
            }
        }
        ensureMinimum();
        return idle;
    }

    /**
     * Applies a scaling decision taken outside the pool (the watermark policy): starts up to {@code toStart} instances
     * (never past maxInstances, not while backing off) and retires up to {@code toRetire} idle READY instances, the
     * longest idle first, never below minInstances; busy instances are left for a later decision. Returns the ids
     * retired.
     */
    public List<String> scaleBy(int toStart, int toRetire) {
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
            List<String> gone = VictimPicker.surplus(viewsLocked(), spec.minInstances(), toRetire);
            gone.forEach(id -> retire(instances.get(id), RetireReason.SCALED_IN));
            changed.signalAll();
            return gone;
        } finally {
            unlock();
        }
    }

    private boolean histogramKeepAlive() {
        return spec.scaling().keepAlive() == ScalingSpec.KeepAlive.HISTOGRAM;
    }

    /** The histogram policy's window, computed again only when an idle time was recorded since; caller holds the lock. */
    private HistogramKeepAlive.Window keepAliveWindow() {
        if (window == null || windowVersion != idleTimes.version()) {
            window = HistogramKeepAlive.window(idleTimes, spec.idleTimeout());
            windowVersion = idleTimes.version();
        }
        return window;
    }

    /** The histogram keep-alive's window now (the fixed idleTimeout under keepAlive: fixed), for the admin API and tests. */
    public HistogramKeepAlive.Window keepAlive() {
        lock.lock();
        try {
            return histogramKeepAlive() ? keepAliveWindow() : HistogramKeepAlive.Window.fixed(spec.idleTimeout());
        } finally {
            unlock();
        }
    }

    private List<HistogramKeepAlive.Instance> keepAliveViews() {
        List<HistogramKeepAlive.Instance> out = new ArrayList<>(instances.size());
        for (Instance i : instances.values()) {
            out.add(new HistogramKeepAlive.Instance(i.id, i.state.counts(), i.state == InstanceState.READY && i.inflight == 0, i.lastUsedMillis));
        }
        return out;
    }

    /** An idle instance stopped listening: it is removed and, where the minimum needs it, replaced. */
    private void retireDead(Instance i, InstanceStatus status) {
        lock.lock();
        try {
            if (i.state != InstanceState.READY || i.inflight != 0 || instances.get(i.id) != i) {
                return;
            }
            LOG.warn("instance {} of {} stopped listening while idle ({}): replacing it", i.id, spec.name(), status.describe());
            retire(i, RetireReason.CRASHED);
            scale();
            changed.signalAll();
        } finally {
            unlock();
        }
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
            for (Instance i : List.copyOf(instances.values())) {
                if (i.state == InstanceState.READY && i.inflight == 0) {
                    retire(i, reason);
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

    /**
     * The one way out of the pool; caller holds the lock. The instance is RETIRED, leaves the map and is counted;
     * {@link #unlock()} then tells the listener and hands it to the launcher: pre-stop and removal, or removal alone
     * where {@link RetireReason#preStop()} says so. An instance still starting has nothing to hand over yet: its
     * launch sees it RETIRED when it ends and removes what it started.
     */
    private void retire(Instance i, RetireReason reason) {
        i.moveTo(InstanceState.RETIRED);
        instances.remove(i.id);
        switch (reason) {
            case CRASHED -> crashed++;
            case IDLE -> retiredIdle++;
            default -> {
            }
        }
        if (i.running != null) {
            retiring.add(new Retired(i, reason));
        }
    }

    /**
     * Unlocks, then tells the listener of the instances {@link #retire}d meanwhile and hands them to the launcher: on the
     * starter threads, except at shutdown, where the closing thread does it itself (and the starter is about to stop).
     */
    private void unlock() {
        List<Retired> gone = List.of();
        if (!retiring.isEmpty() && lock.getHoldCount() == 1) {
            gone = List.copyOf(retiring);
            retiring.clear();
        }
        lock.unlock();
        for (Retired r : gone) {
            RunningInstance running = r.instance().running;
            listener.instanceRetired(spec, r.instance().id, r.reason().label());
            Runnable end = r.reason().preStop() ? () -> launcher.retire(spec, running) : () -> launcher.discard(running);
            if (r.reason() == RetireReason.SHUTDOWN) {
                end.run();
            } else {
                try {
                    starter.execute(end);
                } catch (RejectedExecutionException e) {
                    end.run();
                }
            }
        }
    }

    /** The running handle of an instance that is still in the pool (for its logs). */
    public Optional<RunningInstance> running(String instanceId) {
        lock.lock();
        try {
            Instance i = instances.get(instanceId);
            return i == null ? Optional.empty() : Optional.ofNullable(i.running);
        } finally {
            unlock();
        }
    }

    /** Immutable views of every instance, for decisions and the admin API. */
    public List<InstanceView> views() {
        lock.lock();
        try {
            return viewsLocked();
        } finally {
            unlock();
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
            unlock();
        }
    }

    /** An immutable view of the pool and its counters. */
    public FunctionSnapshot snapshot() {
        lock.lock();
        try {
            Map<InstanceState, Integer> byState = new EnumMap<>(InstanceState.class);
            instances.values().forEach(i -> byState.merge(i.state, 1, Integer::sum));
            return new FunctionSnapshot(spec.name(), spec.minInstances(), spec.maxInstances(), spec.instanceConcurrency(),
                    viewsLocked(), byState, busy(), waiting, Math.max(0, backoffUntilMillis - ticker.millis()),
                    new PoolCounters(served, coldServed, throttled, started, failures, crashed, timedOut, retiredIdle));
        } finally {
            unlock();
        }
    }

    /** Requests executing or waiting. */
    public int inflight() {
        lock.lock();
        try {
            return waiting + busy();
        } finally {
            unlock();
        }
    }

    /**
     * Stops taking requests, waits up to {@code grace} for in-flight ones to finish, then retires every instance
     * (pre-stop, remove) before it returns. Returns the number of requests still running when the grace period ended.
     */
    public int close(Duration grace) {
        int abandoned;
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            long deadline = ticker.nanoTime() + grace.toNanos();
            while (busy() > 0) {
                long remaining = deadline - ticker.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                changed.awaitNanos(Math.min(remaining, WAKE_NANOS));
            }
            abandoned = busy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = -1;
        } finally {
            List.copyOf(instances.values()).forEach(i -> retire(i, RetireReason.SHUTDOWN));
            unlock();
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
        return ticker.millis() < backoffUntilMillis;
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
        Instance i = new Instance(spec.name() + "-" + Long.toString(IDS.incrementAndGet(), 36) + "-"
                + Long.toString(ticker.nanoTime() & 0xffffff, 36));
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
                    i.readyNumber = ++readyCount;
                    i.lastUsedMillis = ticker.millis();
                    i.moveTo(InstanceState.READY);
                    started++;
                    consecutiveFailures = 0;
                    backoffUntilMillis = 0;
                }
                changed.signalAll();
            } finally {
                unlock();
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
            unlock();
        }
    }

    /** A launch failed: the launcher left nothing behind, so the instance only leaves the map (it never served). */
    private void fail(Instance i, PlatformException e) {
        lock.lock();
        try {
            instances.remove(i.id);
            i.state = InstanceState.RETIRED;
            lastFailure = e;
            failures++;
            if (e.kind() != Kind.THROTTLED && e.kind() != Kind.SHUTTING_DOWN) {
                consecutiveFailures++;
                backoffUntilMillis = ticker.millis() + Backoff.delay(consecutiveFailures).toMillis();
            }
            changed.signalAll();
        } finally {
            unlock();
        }
        listener.instanceFailed(spec, i.id, e);
    }
}
