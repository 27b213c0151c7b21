package io.localfaas.pool;

import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the instance for a request: a READY instance with a free slot. Packing (FC's concurrency rule): the busiest
 * first (so that idle instances stay idle and can retire), then the most recently used (its caches are warm), then by
 * id. Spreading (the watermark policy, which scales out to share CPU and memory among instances): the least busy
 * first, then the longest unused (so that even one request at a time takes turns), then by id.
 */
public final class InstancePicker {
    private static final Comparator<InstanceView> ORDER = Comparator
            .comparingInt(InstanceView::inflight).reversed()
            .thenComparing(Comparator.comparingLong(InstanceView::lastUsedMillis).reversed())
            .thenComparing(InstanceView::id);

    private static final Comparator<InstanceView> SPREAD = Comparator
            .comparingInt(InstanceView::inflight)
            .thenComparingLong(InstanceView::lastUsedMillis)
            .thenComparing(InstanceView::id);

    private InstancePicker() {
    }

    public static Optional<InstanceView> pick(List<InstanceView> instances, int instanceConcurrency) {
        return pick(instances, instanceConcurrency, false);
    }

    public static Optional<InstanceView> pick(List<InstanceView> instances, int instanceConcurrency, boolean spread) {
        return instances.stream()
                .filter(i -> i.state() == InstanceState.READY && i.inflight() < instanceConcurrency)
                .min(spread ? SPREAD : ORDER);
    }
}
