package io.localfaas.scaling;

/**
 * The concurrency (requests-based) policy, reserved instances included: desired = clamp(ceil(inflight /
 * instanceConcurrency), minInstances, maxInstances). Scale-up only: instances above the desired count are retired by
 * the keep-alive policy ({@link HistogramKeepAlive}), not here. Pure.
 */
public final class Scaler {
    private Scaler() {
    }

    public static ScalingDecision decide(PoolSnapshot s) {
        int needed = (int) Math.min(Integer.MAX_VALUE, ((long) s.inflight() + s.instanceConcurrency() - 1) / s.instanceConcurrency());
        int desired = Math.max(s.minInstances(), Math.min(s.maxInstances(), needed));
        return new ScalingDecision(desired, Math.max(0, desired - s.instances()));
    }
}
