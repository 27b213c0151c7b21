package io.localfaas.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import io.localfaas.port.FunctionSnapshot;
import io.localfaas.port.InstanceMetrics;
import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import io.localfaas.port.PoolCounters;
import io.localfaas.scaling.InstanceLoad;
import io.localfaas.scaling.WatermarkSnapshot;
import org.junit.jupiter.api.Test;

class FunctionLoadTest {
    @Test
    void readyInstancesCarryTheirMetricsStartingOnesNoneDrainingOnesAreLeftOut() {
        FunctionSnapshot pool = new FunctionSnapshot("f", 1, 5, 10, List.of(
                new InstanceView("a", InstanceState.READY, 3, 0, false),
                new InstanceView("b", InstanceState.READY, 0, 0, false),
                new InstanceView("c", InstanceState.INITIALIZING, 0, 0, true),
                new InstanceView("d", InstanceState.DRAINING, 1, 0, false)),
                Map.of(), 4, 2, 0, new PoolCounters(0, 0, 0, 0, 0, 0, 0, 0));
        InstanceMetrics a = new InstanceMetrics("a", Instant.EPOCH, OptionalDouble.of(0.8), OptionalDouble.of(0.1), OptionalLong.of(1),
                OptionalDouble.of(0.3), OptionalLong.empty());
        WatermarkSnapshot s = FunctionLoad.of(pool, id -> id.equals("a") ? Optional.of(a) : Optional.empty());
        assertEquals(new WatermarkSnapshot(List.of(
                new InstanceLoad(true, OptionalDouble.of(0.8), OptionalDouble.of(0.3), 3),
                new InstanceLoad(true, OptionalDouble.empty(), OptionalDouble.empty(), 0),
                InstanceLoad.starting()), 6, 10, 1, 5), s);
    }
}
