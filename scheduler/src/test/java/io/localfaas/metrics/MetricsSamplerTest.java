package io.localfaas.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.InstanceUsage;
import io.localfaas.backend.NoOpBackend;
import io.localfaas.backend.RunningInstance;
import io.localfaas.port.InstanceMetrics;
import org.junit.jupiter.api.Test;

/** The sampler over a backend that replays scripted readings: what the figures mean, the window, forgetting. */
class MetricsSamplerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long MIB = 1024L * 1024L;
    private static final long SECOND = 1_000_000_000L;

    /** Replays readings per instance, one per {@code usage} call; counts the calls. */
    static final class ScriptedBackend extends NoOpBackend {
        final Map<String, Deque<Optional<InstanceUsage>>> script = new HashMap<>();
        final Map<String, Integer> calls = new HashMap<>();

        void then(String id, Optional<InstanceUsage> u) {
            script.computeIfAbsent(id, k -> new ArrayDeque<>()).add(u);
        }

        @Override
        public Optional<InstanceUsage> usage(RunningInstance instance) {
            calls.merge(instance.instanceId(), 1, Integer::sum);
            Deque<Optional<InstanceUsage>> d = script.get(instance.instanceId());
            return d == null || d.isEmpty() ? Optional.empty() : d.poll();
        }

        @Override
        public RunningInstance start(InstanceLaunch launch) {
            throw new UnsupportedOperationException();
        }
    }

    private static Optional<InstanceUsage> reading(long seconds, Long cpuNanos, Long memory, Long limit, Long disk) {
        return Optional.of(new InstanceUsage(T0.plusSeconds(seconds), opt(cpuNanos), opt(memory), opt(limit), opt(disk)));
    }

    private static OptionalLong opt(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static RunningInstance instance(String id) {
        return new RunningInstance(id, "b-" + id, "127.0.0.1", 9000);
    }

    private final ScriptedBackend backend = new ScriptedBackend();
    private final MetricsSampler sampler = new MetricsSampler(backend);

    @Test
    void cpuIsTheCounterDifferenceOverTimeAndTheShare() {
        // a 512 MB instance: half a core; it burns 0.5 core-seconds a second = its whole share
        for (int s = 0; s <= 4; s++) {
            backend.then("a", reading(s, s * SECOND / 2, 100 * MIB, null, null));
        }
        MetricsSampler.Target a = new MetricsSampler.Target(instance("a"), CpuShare.cores(512, 2), 512 * MIB);
        sampler.sample(List.of(a));
        InstanceMetrics first = sampler.latest("a").orElseThrow();
        assertTrue(first.cpu().isEmpty(), "one reading gives no CPU figure");
        assertEquals(100 * MIB, first.memoryBytes().getAsLong());
        for (int s = 1; s <= 4; s++) {
            sampler.sample(List.of(a));
        }
        InstanceMetrics m = sampler.latest("a").orElseThrow();
        assertEquals(1.0, m.cpu().getAsDouble(), 1e-9);
        assertEquals(0.5, m.cpuCores().getAsDouble(), 1e-9);
        assertEquals(100.0 / 512, m.memory().getAsDouble(), 1e-9);
        assertEquals(T0.plusSeconds(4), m.at());
    }

    @Test
    void memoryIsMeasuredAgainstTheLimitTheBackendReportsElseMemorySize() {
        backend.then("a", reading(0, 0L, 64 * MIB, 256 * MIB, 3L * MIB));
        backend.then("b", reading(0, 0L, 64 * MIB, null, null));
        sampler.sample(List.of(new MetricsSampler.Target(instance("a"), 0.125, 128 * MIB),
                new MetricsSampler.Target(instance("b"), 0.125, 128 * MIB)));
        assertEquals(0.25, sampler.latest("a").orElseThrow().memory().getAsDouble(), 1e-9);
        assertEquals(3L * MIB, sampler.latest("a").orElseThrow().diskBytes().getAsLong());
        assertEquals(0.5, sampler.latest("b").orElseThrow().memory().getAsDouble(), 1e-9);
        assertTrue(sampler.latest("b").orElseThrow().diskBytes().isEmpty(), "no disk reading: absent, not zero");
    }

    @Test
    void aReadingThatDidNotMoveIsNotCountedTwiceAndNoReadingIsNoFigure() {
        MetricsSampler.Target a = new MetricsSampler.Target(instance("a"), 1, 128 * MIB);
        backend.then("a", reading(0, 0L, null, null, null));
        backend.then("a", reading(0, 0L, null, null, null)); // the stream has not pushed a new one
        backend.then("a", Optional.empty());
        backend.then("a", reading(2, SECOND, null, null, null));
        for (int i = 0; i < 4; i++) {
            sampler.sample(List.of(a));
        }
        assertEquals(2, sampler.history("a").size());
        assertEquals(0.5, sampler.latest("a").orElseThrow().cpu().getAsDouble(), 1e-9);
        assertTrue(sampler.latest("a").orElseThrow().memory().isEmpty(), "a metric missing stays missing");
        assertTrue(sampler.latest("never").isEmpty());
    }

    @Test
    void theWindowIsBoundedAndCpuSpansTheLastFewReadings() {
        MetricsSampler.Target a = new MetricsSampler.Target(instance("a"), 1, 128 * MIB);
        long cpu = 0;
        for (int s = 0; s < MetricsSampler.WINDOW + 10; s++) {
            cpu += s < MetricsSampler.WINDOW + 10 - UsageWindow.CPU_SPAN ? 0 : SECOND; // busy over the last readings only
            backend.then("a", reading(s, cpu, null, null, null));
            sampler.sample(List.of(a));
        }
        assertEquals(MetricsSampler.WINDOW, sampler.history("a").size());
        assertEquals(1.0, sampler.latest("a").orElseThrow().cpu().getAsDouble(), 1e-9);
    }

    @Test
    void oneReadingPerInstancePerSampleAndGoneInstancesAreForgotten() {
        MetricsSampler.Target a = new MetricsSampler.Target(instance("a"), 1, 128 * MIB);
        MetricsSampler.Target b = new MetricsSampler.Target(instance("b"), 1, 128 * MIB);
        backend.then("a", reading(0, 0L, 1L, null, null));
        backend.then("b", reading(0, 0L, 1L, null, null));
        sampler.sample(List.of(a, b));
        sampler.sample(List.of(a));
        assertEquals(Map.of("a", 2, "b", 1), backend.calls);
        assertTrue(sampler.latest("b").isEmpty(), "b was not listed: forgotten");
        assertTrue(sampler.latest("a").isPresent());
    }

    @Test
    void theShareIsMemoryOver1024AtMostTheMachine() {
        assertEquals(0.125, CpuShare.cores(128, 2), 1e-9);
        assertEquals(1.0, CpuShare.cores(1024, 2), 1e-9);
        assertEquals(2.0, CpuShare.cores(8192, 2), 1e-9);
    }
}
