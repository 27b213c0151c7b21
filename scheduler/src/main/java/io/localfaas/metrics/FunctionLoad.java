package io.localfaas.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

import io.localfaas.port.FunctionSnapshot;
import io.localfaas.port.InstanceMetrics;
import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import io.localfaas.scaling.InstanceLoad;
import io.localfaas.scaling.WatermarkSnapshot;

/**
 * What the watermark policy sees of a pool: its instances that serve or will serve, READY ones with their latest
 * metrics and in-flight requests, starting ones unmeasured; draining instances are left out (they are on their way
 * out). Pure.
 */
public final class FunctionLoad {
    private FunctionLoad() {
    }

    public static WatermarkSnapshot of(FunctionSnapshot pool, Function<String, Optional<InstanceMetrics>> metrics) {
        List<InstanceLoad> loads = new ArrayList<>();
        for (InstanceView v : pool.instances()) {
            if (!v.state().counts()) {
                continue;
            }
            if (v.state() != InstanceState.READY) {
                loads.add(InstanceLoad.starting());
                continue;
            }
            Optional<InstanceMetrics> m = metrics.apply(v.id());
            loads.add(new InstanceLoad(true, m.map(InstanceMetrics::cpu).orElse(OptionalDouble.empty()),
                    m.map(InstanceMetrics::memory).orElse(OptionalDouble.empty()), v.inflight()));
        }
        return new WatermarkSnapshot(loads, pool.inflight(), pool.instanceConcurrency(), pool.minInstances(), pool.maxInstances());
    }
}
