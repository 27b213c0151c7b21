package io.localfaas.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.RunningInstance;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.lifecycle.StartedInstance;
import io.localfaas.port.InstanceState;
import io.localfaas.port.SchedulerListener;
import io.localfaas.scaling.PoolSnapshot;
import io.localfaas.scaling.Scaler;
import io.localfaas.scaling.ScalingDecision;
import io.localfaas.spec.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one {@link FunctionPool} under its one lock, and the instance side of it: the instance set, start
 * failures and back-off, the keep-alive timing, the one place a {@link ScalingDecision} is applied ({@link #apply}),
 * and the launches of new instances on the starter executor (never under the lock). {@link #unlock()} hands the
 * instances retired meanwhile to the listener and the launcher. The request side (leases, waiters) is the pool's.
 */
final class PoolCore {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionPool.class);
    private static final AtomicLong IDS = new AtomicLong();

    final FunctionSpec spec;
    final Ticker ticker;
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    final InstanceSet instances = new InstanceSet();
    final StartFailures failures = new StartFailures();
    final KeepAliveTimer keepAlive;
    private final Launcher launcher;
    private final Executor starter;
    private final SchedulerListener listener;
    boolean closed;
    /** How many instances have become READY so far: a request that sees an instance become ready after it came paid a cold start. */
    long readyCount;
    long started;

    PoolCore(FunctionSpec spec, Launcher launcher, Executor starter, Ticker ticker, SchedulerListener listener) {
        this.spec = spec;
        this.launcher = launcher;
        this.starter = starter;
        this.ticker = ticker;
        this.listener = listener;
        this.keepAlive = new KeepAliveTimer(spec);
    }

    void lock() {
        lock.lock();
    }

    /**
     * Unlocks, then tells the listener of the instances retired meanwhile and hands them to the launcher: on the
     * starter threads, except at shutdown, where the closing thread does it itself (and the starter is about to stop).
     */
    void unlock() {
        List<InstanceSet.Retired> gone = lock.getHoldCount() == 1 ? instances.takeRetired() : List.of();
        lock.unlock();
        for (InstanceSet.Retired r : gone) {
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

    boolean backingOff() {
        return failures.backingOff(ticker.millis());
    }

    /** The concurrency rule's decision, applied; caller holds the lock. */
    void scale(int waiting) {
        apply(Scaler.decide(new PoolSnapshot(waiting + instances.busy(), instances.counted(), spec.instanceConcurrency(),
                spec.minInstances(), spec.maxInstances())), RetireReason.SCALED_IN);
    }

    /**
     * The one place a scaling decision is applied; caller holds the lock. Starts what it asks for, never past
     * maxInstances and not while the pool backs off after start failures, and retires the instances it names that are
     * still idle (one that took a request meanwhile stays), for {@code reason}. Returns the ids retired.
     */
    List<String> apply(ScalingDecision d, RetireReason reason) {
        if (closed || !d.changes()) {
            return List.of();
        }
        if (!backingOff()) {
            for (int n = Math.min(d.toStart(), spec.maxInstances() - instances.counted()); n > 0; n--) {
                startOne();
            }
        }
        List<String> gone = new ArrayList<>(d.toRetire().size());
        for (String id : d.toRetire()) {
            PoolInstance i = instances.get(id);
            if (i != null && i.idle()) {
                LOG.info("instance {} of {} retired ({}): {}", id, spec.name(), reason.label(), d.why());
                instances.retire(i, reason);
                gone.add(id);
            }
        }
        changed.signalAll();
        return gone;
    }

    private void startOne() {
        PoolInstance i = new PoolInstance(spec.name() + "-" + Long.toString(IDS.incrementAndGet(), 36) + "-"
                + Long.toString(ticker.nanoTime() & 0xffffff, 36));
        instances.add(i);
        starter.execute(() -> launch(i));
    }

    private void launch(PoolInstance i) {
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
                    failures.succeeded();
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

    private void transition(PoolInstance i, InstanceState next) {
        lock.lock();
        try {
            if (i.state.next().contains(next)) {
                i.moveTo(next);
            }
        } finally {
            unlock();
        }
    }

    /** A launch failed: the launcher left nothing behind, so the instance only leaves the pool (it never served). */
    private void fail(PoolInstance i, PlatformException e) {
        lock.lock();
        try {
            if (instances.holds(i)) {
                instances.retire(i, RetireReason.START_FAILED);
            }
            failures.failed(e, ticker.millis());
            changed.signalAll();
        } finally {
            unlock();
        }
        listener.instanceFailed(spec, i.id, e);
    }

    /** An idle instance stopped listening: it is removed (the pool's next scaling step replaces it where needed). */
    void retireDead(PoolInstance i, InstanceStatus status) {
        lock.lock();
        try {
            if (!i.idle() || !instances.holds(i)) {
                return;
            }
            LOG.warn("instance {} of {} stopped listening while idle ({}): replacing it", i.id, spec.name(), status.describe());
            instances.retire(i, RetireReason.CRASHED);
            changed.signalAll();
        } finally {
            unlock();
        }
    }
}
