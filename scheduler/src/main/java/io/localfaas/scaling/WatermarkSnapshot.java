package io.localfaas.scaling;

import java.util.List;

/**
 * One function's pool as the watermark policy sees it at one moment.
 *
 * @param instances instances that serve or will serve (starting, initializing, ready; not draining)
 * @param inflight  requests executing plus requests waiting for a slot
 */
public record WatermarkSnapshot(List<InstanceLoad> instances, int inflight, int instanceConcurrency, int minInstances, int maxInstances) {
    public WatermarkSnapshot {
        instances = List.copyOf(instances);
        if (inflight < 0 || instanceConcurrency < 1 || minInstances < 0 || maxInstances < minInstances) {
            throw new IllegalArgumentException("inconsistent snapshot " + inflight + "/" + instanceConcurrency + "/" + minInstances
                    + "/" + maxInstances);
        }
    }
}
