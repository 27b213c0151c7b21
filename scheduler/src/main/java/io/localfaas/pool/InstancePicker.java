package io.localfaas.pool;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the instance for a request: a READY instance with a free slot, the busiest first (pack requests so that
 * idle instances stay idle and can retire), then the most recently used (its caches are warm), then by id.
 */
public final class InstancePicker {
    private static final Comparator<InstanceView> ORDER = Comparator
            .comparingInt(InstanceView::inflight).reversed()
            .thenComparing(Comparator.comparingLong(InstanceView::lastUsedMillis).reversed())
            .thenComparing(InstanceView::id);

    private InstancePicker() {
    }

    public static Optional<InstanceView> pick(List<InstanceView> instances, int instanceConcurrency) {
        return instances.stream()
                .filter(i -> i.state() == InstanceState.READY && i.inflight() < instanceConcurrency)
                .min(ORDER);
    }
}
