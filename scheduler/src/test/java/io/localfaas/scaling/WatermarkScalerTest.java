package io.localfaas.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The watermark policy as a table: instances are written {@code r:CPU/MEMORY/INFLIGHT} (ready, {@code -} for a metric
 * with no sample) or {@code s} (starting); marks as {@code cpu=0.5 memory=0.8 connections=4}; the window is 30 s;
 * {@code watched} is how long ago the policy began watching, {@code history} earlier recommendations as
 * {@code SECONDS_AGO:COUNT}.
 */
class WatermarkScalerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(30);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                      | instances                         | inflight | C   | min | max | marks                      | watched | history      | desired | start | retire
            cpu over the mark: ceil(1 x 0.9/0.5) = 2      | r:0.9/-/1                         | 1        | 100 | 1   | 10  | cpu=0.5                    | 60      |              | 2       | 1     | 0
            cpu far over: ceil(2 x 2.0/0.5) = 8           | r:2.0/-/3 r:2.0/-/3               | 6        | 100 | 1   | 10  | cpu=0.5                    | 60      |              | 8       | 6     | 0
            cpu over, clamped to max                      | r:4.0/-/3 r:4.0/-/3               | 6        | 100 | 1   | 5   | cpu=0.5                    | 60      |              | 5       | 3     | 0
            memory over the mark                          | r:0.1/0.95/1 r:0.1/0.85/1         | 2        | 100 | 1   | 10  | cpu=0.5 memory=0.6         | 60      |              | 3       | 1     | 0
            connections over the mark                     | r:-/-/8 r:-/-/8                   | 16       | 100 | 1   | 10  | connections=4              | 60      |              | 4       | 2     | 0
            the highest ratio wins (memory over cpu)      | r:0.55/0.9/1 r:0.55/0.9/1         | 2        | 100 | 1   | 10  | cpu=0.5 memory=0.3         | 60      |              | 6       | 4     | 0
            within the tolerance above the mark: hold     | r:0.54/-/1 r:0.54/-/1             | 2        | 100 | 1   | 10  | cpu=0.5                    | 60      |              | 2       | 0     | 0
            within the tolerance below the mark: hold     | r:0.46/-/1 r:0.46/-/1             | 2        | 100 | 1   | 10  | cpu=0.5                    | 60      |              | 2       | 0     | 0
            just past the tolerance: scale out            | r:0.56/-/1 r:0.56/-/1             | 2        | 100 | 1   | 10  | cpu=0.5                    | 60      |              | 3       | 1     | 0
            a metric missing: the others decide           | r:-/0.9/1 r:-/0.9/1               | 2        | 100 | 1   | 10  | cpu=0.5 memory=0.6         | 60      |              | 3       | 1     | 0
            every metric missing: hold                    | r:-/-/1 r:-/-/1                   | 2        | 100 | 1   | 10  | cpu=0.5 memory=0.6         | 60      |              | 2       | 0     | 0
            no sample yet: idle when scaling out          | r:1.0/-/1 r:-/-/0                 | 1        | 100 | 1   | 10  | cpu=0.5                    | 60      |              | 2       | 0     | 0
            no sample yet: at the mark when scaling in    | r:0.0/-/0 r:-/-/0 r:-/-/0         | 0        | 100 | 1   | 10  | cpu=0.5                    | 60      |              | 2       | 0     | 1
            still starting: counted, not measured, no repeat | r:1.0/-/1 r:1.0/-/1 s s        | 2        | 100 | 1   | 10  | cpu=0.5                    | 60      |              | 4       | 0     | 0
            only starting instances: hold                 | s s                               | 2        | 100 | 1   | 10  | cpu=0.5                    | 60      |              | 2       | 0     | 0
            idle below the mark, watched a window: to min | r:0.0/-/0 r:0.0/-/0 r:0.0/-/0     | 0        | 100 | 1   | 10  | cpu=0.5                    | 60      | 20:1 10:1    | 1       | 0     | 2
            below, but not yet watched a window: hold     | r:0.0/-/0 r:0.0/-/0               | 0        | 100 | 1   | 10  | cpu=0.5                    | 20      |              | 2       | 0     | 0
            below, but over the mark inside the window    | r:0.0/-/0 r:0.0/-/0 r:0.0/-/0     | 0        | 100 | 1   | 10  | cpu=0.5                    | 60      | 25:3 10:1    | 3       | 0     | 0
            below; the window's highest was 2             | r:0.0/-/0 r:0.0/-/0 r:0.0/-/0     | 0        | 100 | 1   | 10  | cpu=0.5                    | 60      | 25:2 10:1    | 2       | 0     | 1
            over the mark only before the window: down    | r:0.0/-/0 r:0.0/-/0 r:0.0/-/0     | 0        | 100 | 1   | 10  | cpu=0.5                    | 60      | 31:3 10:1    | 1       | 0     | 2
            scale out at once, whatever the window        | r:1.0/-/1                         | 1        | 100 | 1   | 10  | cpu=0.5                    | 1       |              | 2       | 1     | 0
            the concurrency rule is a floor (hard cap)    | r:0.1/-/4 r:0.1/-/4               | 12       | 4   | 1   | 10  | cpu=0.5                    | 60      |              | 3       | 1     | 0
            minInstances kept with no load                | r:0.0/-/0                         | 0        | 100 | 1   | 10  | cpu=0.5                    | 60      |              | 1       | 0     | 0
            minInstances started from nothing             |                                   | 0        | 100 | 1   | 10  | cpu=0.5                    | 60      |              | 1       | 1     | 0
            minInstances 0 lets the last one go           | r:0.0/-/0                         | 0        | 100 | 0   | 10  | cpu=0.5                    | 60      |              | 0       | 0     | 1
            """)
    void decides(String name, String instances, int inflight, int c, int min, int max, String marks, int watched, String history,
                 int desired, int toStart, int toRetire) {
        WatermarkDecision d = WatermarkScaler.decide(new WatermarkSnapshot(loads(instances), inflight, c, min, max), policy(marks),
                state(watched, history), NOW);
        assertEquals(List.of(desired, toStart, toRetire), List.of(d.desired(), d.toStart(), d.toRetire()), name + " (" + d.why() + ")");
    }

    /** Hovering around the mark never moves the count; the tolerance band absorbs it tick after tick. */
    @Test
    void hoveringAroundTheMarkDoesNotFlap() {
        WatermarkPolicy policy = policy("cpu=0.5");
        WatermarkState state = WatermarkState.watchingSince(NOW.minusSeconds(120));
        double[] cpu = {0.47, 0.53, 0.49, 0.54, 0.46, 0.52, 0.5, 0.48, 0.53, 0.47};
        for (int t = 0; t < cpu.length; t++) {
            String load = "r:" + cpu[t] + "/-/1";
            WatermarkDecision d = WatermarkScaler.decide(new WatermarkSnapshot(loads(load + " " + load + " " + load), 3, 100, 1, 10), policy,
                    state, NOW.plusSeconds(t));
            assertEquals(3, d.desired(), "tick " + t + ": " + d.why());
            state = d.next();
        }
    }

    /** A load that stops: the count holds for the window after the last hot sample, then falls to minInstances. */
    @Test
    void scalesInOnlyAWindowAfterTheLastHotSample() {
        WatermarkPolicy policy = policy("cpu=0.5");
        WatermarkState state = WatermarkState.watchingSince(NOW);
        WatermarkDecision hot = WatermarkScaler.decide(new WatermarkSnapshot(loads("r:1.0/-/1 r:1.0/-/1"), 2, 100, 1, 10), policy, state,
                NOW.plusSeconds(40));
        assertEquals(4, hot.desired());
        state = hot.next();
        List<Integer> counts = new ArrayList<>();
        for (int t = 41; t <= 72; t++) {
            WatermarkDecision d = WatermarkScaler.decide(new WatermarkSnapshot(loads("r:0.0/-/0 r:0.0/-/0 r:0.0/-/0 r:0.0/-/0"), 0, 100, 1, 10),
                    policy, state, NOW.plusSeconds(t));
            counts.add(d.desired());
            state = d.next();
        }
        assertEquals(4, counts.get(28), "29 s after the hot sample: " + counts);
        assertEquals(1, counts.get(29), "30 s after it: " + counts);
        assertTrue(state.recent().stream().allMatch(r -> r.at().isAfter(NOW.plusSeconds(72).minus(WINDOW))), "history is bounded by the window");
    }

    private static List<InstanceLoad> loads(String text) {
        List<InstanceLoad> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String i : text.trim().split("\\s+")) {
            if (i.equals("s")) {
                out.add(InstanceLoad.starting());
            } else {
                String[] v = i.substring(2).split("/");
                out.add(new InstanceLoad(true, metric(v[0]), metric(v[1]), Integer.parseInt(v[2])));
            }
        }
        return out;
    }

    private static OptionalDouble metric(String v) {
        return v.equals("-") ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(v));
    }

    private static WatermarkPolicy policy(String marks) {
        OptionalDouble cpu = OptionalDouble.empty();
        OptionalDouble memory = OptionalDouble.empty();
        OptionalDouble connections = OptionalDouble.empty();
        for (String m : marks.trim().split("\\s+")) {
            String[] kv = m.split("=");
            OptionalDouble v = OptionalDouble.of(Double.parseDouble(kv[1]));
            switch (kv[0]) {
                case "cpu" -> cpu = v;
                case "memory" -> memory = v;
                default -> connections = v;
            }
        }
        return new WatermarkPolicy(cpu, memory, connections, WINDOW, WatermarkPolicy.DEFAULT_TOLERANCE);
    }

    private static WatermarkState state(int watchedSecondsAgo, String history) {
        List<WatermarkState.Recommendation> recent = new ArrayList<>();
        if (history != null) {
            for (String h : history.trim().split("\\s+")) {
                String[] kv = h.split(":");
                recent.add(new WatermarkState.Recommendation(NOW.minusSeconds(Long.parseLong(kv[0])), Integer.parseInt(kv[1])));
            }
        }
        return new WatermarkState(NOW.minusSeconds(watchedSecondsAgo), recent);
    }
}
