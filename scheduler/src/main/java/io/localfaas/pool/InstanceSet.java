package io.localfaas.pool;

import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instances of one pool and the one way out of it ({@link #retire}); guarded by the pool's lock. Counts what
 * left and why, and keeps the instances that still have a running container to hand over, until the pool takes them
 * ({@link #takeRetired()}) after it unlocks.
 */
final class InstanceSet {
    private final Map<String, PoolInstance> byId = new LinkedHashMap<>();
    private final List<Retired> retiring = new ArrayList<>();
    private long crashed;
    private long retiredIdle;

    /** An instance taken out of the pool, still to be told to the listener and handed to the launcher. */
    record Retired(PoolInstance instance, RetireReason reason) {
    }

    void add(PoolInstance i) {
        byId.put(i.id, i);
    }

    PoolInstance get(String id) {
        return byId.get(id);
    }

    /** Whether {@code i} is still this pool's instance of its id. */
    boolean holds(PoolInstance i) {
        return byId.get(i.id) == i;
    }

    Collection<PoolInstance> all() {
        return byId.values();
    }

    Set<String> ids() {
        return Set.copyOf(byId.keySet());
    }

    /**
     * The one way out of the pool. The instance is RETIRED, leaves the set and is counted; one with a running
     * container waits in {@link #takeRetired()} to be told to the listener and handed to the launcher: pre-stop and
     * removal, or removal alone where {@link RetireReason#preStop()} says so. An instance still starting has nothing
     * to hand over yet: its launch sees it RETIRED when it ends and removes what it started (or failed, and left
     * nothing behind).
     */
    void retire(PoolInstance i, RetireReason reason) {
        i.moveTo(InstanceState.RETIRED);
        byId.remove(i.id);
        switch (reason) {
            case CRASHED -> crashed++;
            case IDLE -> retiredIdle++;
            default -> {
            }
        }
        if (i.running != null) {
            retiring.add(new Retired(i, reason));
        }
    }

    /** The instances retired since the last call, with a container to hand over. */
    List<Retired> takeRetired() {
        if (retiring.isEmpty()) {
            return List.of();
        }
        List<Retired> out = List.copyOf(retiring);
        retiring.clear();
        return out;
    }

    List<InstanceView> views() {
        List<InstanceView> out = new ArrayList<>(byId.size());
        for (PoolInstance i : byId.values()) {
            out.add(i.view());
        }
        return out;
    }

    Map<InstanceState, Integer> byState() {
        Map<InstanceState, Integer> out = new EnumMap<>(InstanceState.class);
        byId.values().forEach(i -> out.merge(i.state, 1, Integer::sum));
        return out;
    }

    /** Requests executing. */
    int busy() {
        int n = 0;
        for (PoolInstance i : byId.values()) {
            n += i.inflight;
        }
        return n;
    }

    /** Instances that serve or will serve. */
    int counted() {
        return (int) byId.values().stream().filter(i -> i.state.counts()).count();
    }

    int starting() {
        return (int) byId.values().stream()
                .filter(i -> i.state == InstanceState.STARTING || i.state == InstanceState.INITIALIZING).count();
    }

    long crashed() {
        return crashed;
    }

    long retiredIdle() {
        return retiredIdle;
    }
}
