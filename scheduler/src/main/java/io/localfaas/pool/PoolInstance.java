package io.localfaas.pool;

import io.localfaas.backend.RunningInstance;
import io.localfaas.port.ColdStart;
import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import io.localfaas.scaling.HistogramKeepAlive;

/** Mutable state of one instance of a pool; guarded by its pool's lock. */
final class PoolInstance {
    final String id;
    InstanceState state = InstanceState.STARTING;
    int inflight;
    long lastUsedMillis;
    /** The value of the pool's ready count this instance's readiness made. */
    long readyNumber;
    RunningInstance running;
    ColdStart coldStart;
    long served;
    /** Why it drains, once DRAINING. */
    RetireReason drainReason;

    PoolInstance(String id) {
        this.id = id;
    }

    /** Moves to {@code next}, which {@link InstanceState#next()} must allow. */
    void moveTo(InstanceState next) {
        if (!state.next().contains(next)) {
            throw new IllegalStateException("instance " + id + ": " + state + " -> " + next + " is not allowed");
        }
        state = next;
    }

    /** Takes no new request; retired once its last one has left. */
    void drain(RetireReason why) {
        moveTo(InstanceState.DRAINING);
        drainReason = why;
    }

    boolean idle() {
        return state == InstanceState.READY && inflight == 0;
    }

    InstanceView view() {
        return new InstanceView(id, state, inflight, lastUsedMillis, served == 0);
    }

    HistogramKeepAlive.Instance keepAliveView() {
        return new HistogramKeepAlive.Instance(id, state.counts(), idle(), lastUsedMillis);
    }
}
