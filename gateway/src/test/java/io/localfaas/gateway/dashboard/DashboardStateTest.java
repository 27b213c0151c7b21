package io.localfaas.gateway.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.localfaas.port.ColdStart;
import io.localfaas.port.Desired;
import io.localfaas.port.FunctionSnapshot;
import io.localfaas.port.InstanceMetrics;
import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import io.localfaas.port.PoolCounters;
import io.localfaas.port.SchedulerSnapshot;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;
import io.localfaas.spec.ScalingSpec;
import org.junit.jupiter.api.Test;

class DashboardStateTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static FunctionSpec fn(String name, ScalingSpec scaling) {
        return new FunctionSpec("s", name, Runtime.NODEJS18, Optional.of(Path.of("/code")), CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 10, 1, 5, Duration.ofMinutes(5),
                Map.of(), List.of(), 9000, List.of(), List.of(), List.of(), scaling);
    }

    @Test
    void aFrameShowsPolicyMarksDesiredRunningInstancesMetricsAndActivity() {
        ScalingSpec watermark = new ScalingSpec(ScalingSpec.Policy.WATERMARK,
                new ScalingSpec.Watermarks(OptionalInt.of(50), OptionalInt.empty(), OptionalInt.empty()), Duration.ofSeconds(30));
        FunctionSnapshot hot = new FunctionSnapshot("hot", 1, 5, 10, List.of(
                new InstanceView("i1", InstanceState.READY, 2, 0, true),
                new InstanceView("i2", InstanceState.STARTING, 0, 0, false)), Map.of(), 2, 0, 0, new PoolCounters(7, 1, 0, 2, 0, 0, 0, 0));
        FunctionSnapshot plain = new FunctionSnapshot("plain", 0, 5, 10, List.of(), Map.of(), 0, 3, 0, new PoolCounters(0, 0, 0, 0, 0, 0, 0, 0));
        InstanceMetrics m = new InstanceMetrics("i1", NOW, OptionalDouble.of(1.5), OptionalDouble.of(0.1875), OptionalLong.of(1 << 20),
                OptionalDouble.of(0.25), OptionalLong.empty());
        RecentActivity activity = new RecentActivity(Clock.fixed(NOW, ZoneOffset.UTC));
        activity.request("hot", "i1", 200, 12, true);
        activity.instanceReady(fn("hot", watermark), "i1", new ColdStart(Duration.ofMillis(100), Duration.ofMillis(50), Duration.ZERO));
        activity.instanceReady(fn("hot", watermark), "i2", ColdStart.specialised(Duration.ZERO, Duration.ofMillis(9), Duration.ofMillis(3)));
        Map<String, FunctionSpec> specs = Map.of("hot", fn("hot", watermark), "plain", fn("plain", ScalingSpec.CONCURRENCY));
        JsonNode frame = DashboardState.build(new DashboardState.Inputs("s", NOW.toEpochMilli(), new SchedulerSnapshot(List.of(hot, plain), 1, 0, 4),
                name -> Optional.ofNullable(specs.get(name)), id -> id.equals("i1") ? Optional.of(m) : Optional.empty(),
                name -> name.equals("hot") ? Optional.of(new Desired(4, "cpu at 300% of its mark"))
                        : Optional.empty(), activity));
        JsonNode h = frame.get("functions").get(0);
        assertEquals("watermark", h.get("policy").asText());
        assertEquals(0.5, h.get("watermarks").get("cpu").asDouble());
        assertTrue(h.get("watermarks").get("memory").isNull());
        assertEquals(4, h.get("desired").asInt());
        assertEquals(2, h.get("running").asInt());
        assertEquals("cpu at 300% of its mark", h.get("why").asText());
        assertEquals(1.5, h.get("instances").get(0).get("cpu").asDouble());
        assertEquals(2, h.get("instances").get(0).get("inflight").asInt());
        assertTrue(h.get("instances").get(1).get("cpu").isNull(), "a starting instance has no figures");
        JsonNode p = frame.get("functions").get(1);
        assertEquals("concurrency", p.get("policy").asText());
        assertEquals(1, p.get("desired").asInt(), "the concurrency rule: ceil(3 queued / 10)");
        assertEquals(200, frame.get("requests").get(0).get("status").asInt());
        assertTrue(frame.get("requests").get(0).get("cold").asBoolean());
        JsonNode colds = frame.get("coldStartList");
        JsonNode booted = colds.get(0).get("instance").asText().equals("i1") ? colds.get(0) : colds.get(1);
        JsonNode stem = booted == colds.get(0) ? colds.get(1) : colds.get(0);
        assertEquals(150, booted.get("totalMs").asLong());
        assertEquals("boot", booted.get("kind").asText());
        assertEquals("stem", stem.get("kind").asText(), "the dashboard shows which kind each cold start was");
        assertTrue(stem.get("breakdown").asText().contains("specialise=9ms"), stem.toString());
    }

    @Test
    void recentActivityIsBoundedNewestFirst() {
        RecentActivity activity = new RecentActivity(Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < RecentActivity.KEPT + 5; i++) {
            activity.request("f", "i", 200 + i, 1, false);
        }
        assertEquals(RecentActivity.KEPT, activity.requests().size());
        assertEquals(200 + RecentActivity.KEPT + 4, activity.requests().get(0).status());
    }
}
