package io.localfaas.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.localfaas.SchedulerListener;
import io.localfaas.backend.RunningInstance;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.lifecycle.ColdStart;
import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.lifecycle.StartedInstance;
import io.localfaas.scaling.PoolSnapshot;
import io.localfaas.scaling.ScalingDecision;
import io.localfaas.scaling.Scaler;
import io.localfaas.spec.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances of one function under one lock. A request takes a slot on a READY instance with room (see
 * {@link InstancePicker}); if there is none it waits, bounded, for the first slot that frees up, while the pool starts
 * instances up to clamp(ceil(inflight / instanceConcurrency), min, max) (see {@link Scaler}). No instance ever holds
 * more than instanceConcurrency requests.
 */
public final class FunctionPool {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionPool.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final FunctionSpec spec;
    private final InstanceLauncher launcher;
    private final Executor starter;
    private final Clock clock;
    private final Duration maxQueueWait;
    private final SchedulerListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private int waiting;
    private long failures;
    private PlatformException lastFailure;
    private boolean closed;

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
        this.spec = spec;
        this.listener = listener;
        this.launcher = launcher;
        this.starter = starter;
        this.clock = clock;
        this.maxQueueWait = maxQueueWait;
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
     * @throws PlatformException THROTTLED when no slot frees in time; the start failure when the instance this request
     *                           waited for failed and no other is on the way; SHUTTING_DOWN
     */
    public Lease acquire() {
        long arrived = System.nanoTime();
        long deadline = arrived + maxQueueWait.toNanos();
        lock.lock();
        try {
            waiting++;
            long failuresSeen = failures;
            try {
                while (true) {
                    if (closed) {
                        throw PlatformException.of(Kind.SHUTTING_DOWN, "localfaas is shutting down");
                    }
                    Optional<InstanceView> pick = InstancePicker.pick(views(), spec.instanceConcurrency());
                    if (pick.isPresent()) {
                        Instance i = instances.get(pick.get().id());
                        i.inflight++;
                        i.served++;
                        i.lastUsedMillis = clock.millis();
                        boolean cold = i.readyNanos >= arrived;
                        return new Lease(i.id, i.running, cold ? Optional.of(i.coldStart) : Optional.empty(),
                                Duration.ofNanos(System.nanoTime() - arrived));
                    }
                    if (failures != failuresSeen && startingCount() == 0) {
                        throw lastFailure;
                    }
                    scale();
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        throw PlatformException.throttled("no instance of " + spec.name() + " had a free slot within "
                                + maxQueueWait.toMillis() + "ms (maxInstances " + spec.maxInstances() + ", instanceConcurrency "
                                + spec.instanceConcurrency() + ")", Duration.ofSeconds(1));
                    }
                    changed.awaitNanos(remaining);
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
            if (outcome == Outcome.CRASHED && i.state != InstanceState.RETIRED) {
                i.moveTo(InstanceState.RETIRED);
            } else if (outcome == Outcome.TIMED_OUT && i.state == InstanceState.READY) {
                i.moveTo(InstanceState.DRAINING);
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
        for (Instance i : gone) {
            listener.instanceRetired(spec, i.id, reason);
            RunningInstance r = i.running;
            starter.execute(() -> launcher.retire(spec, r));
        }
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
            List<InstanceView> out = new ArrayList<>(instances.size());
            for (Instance i : instances.values()) {
                out.add(new InstanceView(i.id, i.state, i.inflight, i.lastUsedMillis, i.served == 0));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Requests executing or waiting. */
    public int inflight() {
        lock.lock();
        try {
            return waiting + instances.values().stream().mapToInt(i -> i.inflight).sum();
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

    private int startingCount() {
        return (int) instances.values().stream()
                .filter(i -> i.state == InstanceState.STARTING || i.state == InstanceState.INITIALIZING).count();
    }

    /** Applies the scaler's decision; caller holds the lock. */
    private void scale() {
        if (closed) {
            return;
        }
        int counted = (int) instances.values().stream().filter(i -> i.state.counts()).count();
        ScalingDecision d = Scaler.decide(new PoolSnapshot(waiting + busy(), counted, spec.instanceConcurrency(),
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
            StartedInstance started = launcher.launch(spec, i.id, () -> transition(i, InstanceState.INITIALIZING));
            boolean keep;
            lock.lock();
            try {
                keep = !closed && i.state != InstanceState.RETIRED;
                if (keep) {
                    i.running = started.instance();
                    i.coldStart = started.coldStart();
                    i.readyNanos = System.nanoTime();
                    i.lastUsedMillis = clock.millis();
                    i.moveTo(InstanceState.READY);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (keep) {
                listener.instanceReady(spec, i.id, started.coldStart());
            } else {
                launcher.retire(spec, started.instance());
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
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        listener.instanceFailed(spec, i.id, e);
    }
}
