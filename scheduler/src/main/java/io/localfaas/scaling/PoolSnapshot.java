package io.localfaas.scaling;

/**
 * What the scaler sees of one function's pool at one moment.
 *
 * @param inflight  requests executing plus requests waiting for a slot
 * @param instances instances that serve or will serve (starting, initializing, ready; not draining)
 */
public record PoolSnapshot(int inflight, int instances, int instanceConcurrency, int minInstances, int maxInstances) {
    public PoolSnapshot {
        if (inflight < 0 || instances < 0 || instanceConcurrency < 1 || minInstances < 0 || maxInstances < minInstances) {
            throw new IllegalArgumentException("inconsistent snapshot " + inflight + "/" + instances + "/" + instanceConcurrency
                    + "/" + minInstances + "/" + maxInstances);
        }
    }
}
