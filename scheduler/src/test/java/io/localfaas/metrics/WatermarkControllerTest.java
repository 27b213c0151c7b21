package io.localfaas.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.localfaas.backend.InstanceUsage;
import io.localfaas.backend.RunningInstance;
import io.localfaas.port.FunctionSnapshot;
import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import io.localfaas.port.PoolCounters;
import io.localfaas.scaling.WatermarkDecision;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;
import io.localfaas.spec.ScalingSpec;
import org.junit.jupiter.api.Test;

/** The controller between the sampler and the pure policy: state carried across ticks, concurrency functions left alone. */
class WatermarkControllerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    private static FunctionSpec fn(ScalingSpec scaling) {
        return new FunctionSpec("s", "f", Runtime.NODEJS18, Optional.of(Path.of("/code")), CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 1024, 100, 1, 10, Duration.ofMinutes(5),
                Map.of(), List.of(), 9000, List.of(), List.of(), List.of(), scaling);
    }

    private static FunctionSnapshot pool(int inflight, String... ready) {
        List<InstanceView> views = java.util.Arrays.stream(ready).map(id -> new InstanceView(id, InstanceState.READY, inflight, 0, false)).toList();
        return new FunctionSnapshot("f", 1, 10, 100, views, Map.of(), inflight * ready.length, 0, 0, new PoolCounters(0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void aBusyInstanceScalesOutAndTheWindowIsRememberedAcrossTicks() {
        MetricsSamplerTest.ScriptedBackend backend = new MetricsSamplerTest.ScriptedBackend();
        MetricsSampler sampler = new MetricsSampler(backend);
        WatermarkController controller = new WatermarkController(sampler);
        ScalingSpec scaling = new ScalingSpec(ScalingSpec.Policy.WATERMARK,
                new ScalingSpec.Watermarks(OptionalInt.of(50), OptionalInt.empty(), OptionalInt.empty()), Duration.ofSeconds(30));
        MetricsSampler.Target a = new MetricsSampler.Target(new RunningInstance("a", "b-a", "127.0.0.1", 9000), 1.0, 1024L << 20);
        for (int s = 0; s <= 3; s++) {
            backend.then("a", Optional.of(new InstanceUsage(T0.plusSeconds(s), OptionalLong.of(s * SECOND), OptionalLong.empty(),
                    OptionalLong.empty(), OptionalLong.empty())));
            sampler.sample(List.of(a));
        }
        // one core busy on a one-core share, mark 50%: two instances wanted, with one request in flight (C = 100)
        WatermarkDecision out = controller.decide(fn(scaling), pool(1, "a"), T0.plusSeconds(3)).orElseThrow();
        assertEquals(2, out.desired());
        assertEquals(1, out.toStart());
        // idle two instances right after: the window holds them
        WatermarkDecision hold = controller.decide(fn(scaling), pool(0, "a", "b"), T0.plusSeconds(4)).orElseThrow();
        assertEquals(2, hold.desired());
        assertEquals(hold, controller.last("f").orElseThrow());
        assertEquals(T0.plusSeconds(3), hold.next().since(), "watched since the first decision");
    }

    @Test
    void theConcurrencyPolicyIsLeftToThePool() {
        WatermarkController controller = new WatermarkController(new MetricsSampler(new MetricsSamplerTest.ScriptedBackend()));
        assertTrue(controller.decide(fn(ScalingSpec.CONCURRENCY), pool(1, "a"), T0).isEmpty());
        assertTrue(controller.last("f").isEmpty());
    }
}
