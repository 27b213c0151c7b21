package io.localfaas.pool;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.localfaas.failure.PlatformException;
import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import io.localfaas.port.PoolCounters;
import io.localfaas.scaling.Admission;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.ScalingSpec;

/**
 * The request side of one pool (guarded by the pool's lock): slots taken and given back, the requests waiting for
 * one, and their counters. A slot goes to the instance {@link InstancePicker} chooses; a request waits only as
 * {@link Admission} allows; a slot given back with a bad outcome takes its instance out of service.
 */
final class Leases {
    private final FunctionSpec spec;
    private final Ticker ticker;
    private final InstanceSet instances;
    private final KeepAliveTimer keepAlive;
    private final int maxQueue;
    private int waiting;
    private long served;
    private long coldServed;
    private long throttled;
    private long timedOut;

    Leases(FunctionSpec spec, Ticker ticker, InstanceSet instances, KeepAliveTimer keepAlive, int maxQueue) {
        this.spec = spec;
        this.ticker = ticker;
        this.instances = instances;
        this.keepAlive = keepAlive;
        this.maxQueue = maxQueue;
    }

    /**
     * A slot on the instance {@link InstancePicker} chooses, if any. The request paid a cold start when its instance
     * became ready after it arrived (after {@code readySeen} instances had).
     */
    Optional<Lease> take(long arrivedNanos, long readySeen) {
        Optional<InstanceView> pick = InstancePicker.pick(instances.views(), spec.instanceConcurrency(),
                spec.scaling().policy() == ScalingSpec.Policy.WATERMARK);
        if (pick.isEmpty()) {
            return Optional.empty();
        }
        PoolInstance i = instances.get(pick.get().id());
        long now = ticker.nanoTime();
        keepAlive.arrived(TimeUnit.NANOSECONDS.toMillis(arrivedNanos));
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

    /**
     * A request with no free slot joins the waiters.
     *
     * @throws PlatformException THROTTLED when the queue is full
     */
    void startWaiting() {
        if (!Admission.mayWait(instances.counted(), spec.maxInstances(), waiting, maxQueue)) {
            throttled++;
            throw PlatformException.throttled(spec.name() + " runs maxInstances " + spec.maxInstances() + " instance(s) with "
                    + spec.instanceConcurrency() + " slot(s) each, all busy, and " + waiting + " request(s) already wait (maxQueue "
                    + maxQueue + ")", Duration.ofSeconds(1));
        }
        waiting++;
    }

    /** A waiter got a slot, or left with a failure of its own. */
    void stopWaiting() {
        waiting--;
    }

    /** A waiter gave up: its wait is over. Counted as throttled. */
    void gaveUp() {
        waiting--;
        throttled++;
    }

    /** Counts a wait that ran out, and says so; the caller still {@link #stopWaiting()}s. */
    PlatformException waitedTooLong(Duration maxQueueWait) {
        throttled++;
        return PlatformException.throttled("no instance of " + spec.name() + " had a free slot within "
                + maxQueueWait.toMillis() + "ms (maxInstances " + spec.maxInstances() + ", instanceConcurrency "
                + spec.instanceConcurrency() + ")", Duration.ofSeconds(1));
    }

    /**
     * Gives a slot back; the outcome decides whether the instance serves again: CRASHED retires it at once,
     * TIMED_OUT drains it, and a draining instance whose last request left is retired. Returns whether it was retired
     * (the pool may then need another).
     */
    boolean release(Lease lease, Outcome outcome) {
        PoolInstance i = instances.get(lease.instanceId());
        if (i == null) {
            return false;
        }
        i.inflight--;
        i.lastUsedMillis = ticker.millis();
        if (waiting == 0 && instances.busy() == 0) {
            keepAlive.idleFrom(i.lastUsedMillis);
        }
        if (outcome == Outcome.CRASHED) {
            instances.retire(i, RetireReason.CRASHED);
        } else if (outcome == Outcome.TIMED_OUT) {
            timedOut++;
            if (i.state == InstanceState.READY) {
                i.drain(RetireReason.TIMED_OUT);
            }
        }
        if (i.state == InstanceState.DRAINING && i.inflight == 0) {
            instances.retire(i, i.drainReason);
        }
        return i.state == InstanceState.RETIRED;
    }

    /** Requests waiting for a slot. */
    int waiting() {
        return waiting;
    }

    /** Requests executing or waiting. */
    int inflight() {
        return waiting + instances.busy();
    }

    PoolCounters counters(long started, long startFailures) {
        return new PoolCounters(served, coldServed, throttled, started, startFailures, instances.crashed(), timedOut,
                instances.retiredIdle());
    }
}
