package io.localfaas.pool;

import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Chooses the instances to retire for a scale-in (OpenWhisk {@code ContainerPool.remove} style): READY instances
 * with no request in flight, the longest idle first, never taking the function below {@code minInstances} (reserved
 * instances stay warm). Pure. Retiring for being idle is the keep-alive policy's ({@link KeepAliveTimer}).
 */
public final class VictimPicker {
    private static final Comparator<InstanceView> LONGEST_IDLE_FIRST = Comparator
            .comparingLong(InstanceView::lastUsedMillis)
            .thenComparing(InstanceView::id);

    private VictimPicker() {
    }

    /**
     * Up to {@code count} instances to retire for a scale-in: READY ones with no request in flight, the longest idle
     * first, never taking the function below {@code minInstances}.
     */
    public static List<String> surplus(List<InstanceView> instances, int minInstances, int count) {
        return pick(instances, minInstances, count, i -> true);
    }

    private static List<String> pick(List<InstanceView> instances, int minInstances, int count, Predicate<InstanceView> eligible) {
        long counted = instances.stream().filter(i -> i.state().counts()).count();
        long spare = Math.min(count, counted - minInstances);
        List<String> out = new ArrayList<>();
        if (spare <= 0) {
            return out;
        }
        instances.stream()
                .filter(i -> i.state() == InstanceState.READY && i.inflight() == 0)
                .filter(eligible)
                .sorted(LONGEST_IDLE_FIRST)
                .limit(spare)
                .forEach(i -> out.add(i.id()));
        return out;
    }
}
