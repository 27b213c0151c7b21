package io.localfaas.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.localfaas.scaling.HistogramKeepAlive;
import io.localfaas.scaling.IdleTimes;
import io.localfaas.scaling.ScalingDecision;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.ScalingSpec;

/**
 * The keep-alive timing of one pool (guarded by the pool's lock): under {@code keepAlive: histogram} it records the
 * function's idle times (from the end of its last request to the next arrival) and keeps the window computed from
 * them; under {@code keepAlive: fixed} the window is {@code idleTimeout}. {@link #decide} hands the snapshot to the
 * pure {@link HistogramKeepAlive#decide}.
 */
final class KeepAliveTimer {
    private final FunctionSpec spec;
    private final boolean histogram;
    private final IdleTimes idleTimes = new IdleTimes();
    /** When the function's last request ended; -1 while busy or before the first. */
    private long idleSinceMillis = -1;
    private HistogramKeepAlive.Window window;
    private long windowVersion = -1;

    KeepAliveTimer(FunctionSpec spec) {
        this.spec = spec;
        this.histogram = spec.scaling().keepAlive() == ScalingSpec.KeepAlive.HISTOGRAM;
    }

    /** A request arrived at {@code arrivedMillis}: the function's idle time, if it was idle, is recorded. */
    void arrived(long arrivedMillis) {
        if (idleSinceMillis >= 0) {
            idleTimes.record(Math.max(0, arrivedMillis - idleSinceMillis));
            idleSinceMillis = -1;
        }
    }

    /** The function's last request (none waits, none runs) ended at {@code nowMillis}. */
    void idleFrom(long nowMillis) {
        if (histogram) {
            idleSinceMillis = nowMillis;
        }
    }

    /** The window now, computed again only when an idle time was recorded since. */
    HistogramKeepAlive.Window window() {
        if (!histogram) {
            return HistogramKeepAlive.Window.fixed(spec.idleTimeout());
        }
        if (window == null || windowVersion != idleTimes.version()) {
            window = HistogramKeepAlive.window(idleTimes, spec.idleTimeout());
            windowVersion = idleTimes.version();
        }
        return window;
    }

    /** What the keep-alive policy decides for these instances now. */
    ScalingDecision decide(Collection<PoolInstance> instances, long nowMillis) {
        List<HistogramKeepAlive.Instance> views = new ArrayList<>(instances.size());
        for (PoolInstance i : instances) {
            views.add(i.keepAliveView());
        }
        return HistogramKeepAlive.decide(window(), views, spec.minInstances(), spec.maxInstances(), nowMillis, idleSinceMillis);
    }

    Duration idleTimeout() {
        return spec.idleTimeout();
    }
}
