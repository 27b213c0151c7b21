package io.localfaas.metrics;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.localfaas.port.FunctionSnapshot;
import io.localfaas.scaling.WatermarkDecision;
import io.localfaas.scaling.WatermarkPolicy;
import io.localfaas.scaling.WatermarkScaler;
import io.localfaas.scaling.WatermarkState;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.ScalingSpec;

/**
 * Runs the watermark policy for every function that has it, once per housekeeping tick: the pool's snapshot and its
 * instances' latest metrics in, a decision out; remembers each function's state (its last window of
 * recommendations) between ticks and the last decision for the admin API and the dashboard. The time is a parameter.
 */
public final class WatermarkController {
    private final MetricsSampler sampler;
    private final Map<String, WatermarkState> states = new ConcurrentHashMap<>();
    private final Map<String, WatermarkDecision> last = new ConcurrentHashMap<>();

    public WatermarkController(MetricsSampler sampler) {
        this.sampler = sampler;
    }

    /** The decision for one function now; empty under the concurrency policy (the pool's own rule applies). */
    public Optional<WatermarkDecision> decide(FunctionSpec spec, FunctionSnapshot pool, Instant now) {
        if (spec.scaling().policy() != ScalingSpec.Policy.WATERMARK) {
            forget(spec.name());
            return Optional.empty();
        }
        WatermarkState state = states.computeIfAbsent(spec.name(), k -> WatermarkState.watchingSince(now));
        WatermarkDecision d = WatermarkScaler.decide(FunctionLoad.of(pool, sampler::latest), WatermarkPolicy.of(spec.scaling()), state, now);
        states.put(spec.name(), d.next());
        last.put(spec.name(), d);
        return Optional.of(d);
    }

    /** The last decision taken for a function, if it runs the watermark policy. */
    public Optional<WatermarkDecision> last(String function) {
        return Optional.ofNullable(last.get(function));
    }

    /** Forgets a function (removed, or reloaded with other settings: its window starts again). */
    public void forget(String function) {
        states.remove(function);
        last.remove(function);
    }

    /** Keeps only these functions. */
    public void retain(Set<String> functions) {
        states.keySet().retainAll(functions);
        last.keySet().retainAll(functions);
    }
}
