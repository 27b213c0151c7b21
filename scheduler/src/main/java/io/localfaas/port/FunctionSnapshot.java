package io.localfaas.port;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.localfaas.scaling.PoolSnapshot;
import io.localfaas.scaling.Scaler;

/**
 * An immutable view of one function's pool at one moment, for metrics and the admin API.
 *
 * @param instances        every instance the pool holds, with state, in-flight requests and last use
 * @param byState          how many instances are in each state (every state present, zero included)
 * @param executing        requests running on instances now
 * @param waiting          requests waiting for a slot now
 * @param backingOffMillis how long the pool still waits before the next start after start failures (0: not backing off)
 * @param counters         totals since the platform started
 */
public record FunctionSnapshot(String function, int minInstances, int maxInstances, int instanceConcurrency,
                               List<InstanceView> instances, Map<InstanceState, Integer> byState, int executing,
                               int waiting, long backingOffMillis, PoolCounters counters) {
    public FunctionSnapshot {
        instances = List.copyOf(instances);
        EnumMap<InstanceState, Integer> all = new EnumMap<>(InstanceState.class);
        for (InstanceState s : InstanceState.values()) {
            all.put(s, byState.getOrDefault(s, 0));
        }
        byState = Map.copyOf(all);
    }

    /** Instances that count towards the pool's size now (starting, ready or busy). */
    public int running() {
        return (int) instances.stream().filter(i -> i.state().counts()).count();
    }

    /** What FC's concurrency rule wants now: ceil(in-flight / instanceConcurrency), within min and max instances. */
    public int desiredByConcurrency() {
        return Scaler.decide(new PoolSnapshot(inflight(), running(), instanceConcurrency, minInstances, maxInstances)).desired();
    }

    /** Executing plus waiting: the in-flight count the scaler works from. */
    public int inflight() {
        return executing + waiting;
    }
}
