package io.localfaas.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistogramKeepAliveTest {
    private static final Duration FIXED = Duration.ofMinutes(10);

    private static IdleTimes idle(long... millis) {
        IdleTimes t = new IdleTimes();
        for (long m : millis) {
            t.record(m);
        }
        return t;
    }

    @Test
    void idleTimesSpreadOverTheRangeAreNoPattern() {
        long[] spread = new long[400];
        for (int i = 0; i < spread.length; i++) {
            spread[i] = (long) (100 * Math.pow(1.03, i));
        }
        assertEquals(HistogramKeepAlive.Window.fixed(FIXED), HistogramKeepAlive.window(idle(spread), FIXED));
    }

    @Test
    void tooFewIdleTimesOrMostOutOfRangeFallBackToTheFixedKeepAlive() {
        assertEquals(HistogramKeepAlive.Window.fixed(FIXED), HistogramKeepAlive.window(idle(60_000, 60_000, 60_000, 60_000), FIXED));
        long fiveHours = Duration.ofHours(5).toMillis();
        assertEquals(HistogramKeepAlive.Window.fixed(FIXED),
                HistogramKeepAlive.window(idle(60_000, 60_000, fiveHours, fiveHours, fiveHours, fiveHours), FIXED));
    }

    @Test
    void aRegularTimerGetsAPrewarmBeforeItsPeriodAndAKeepAliveJustPastIt() {
        long[] every20m = new long[30];
        java.util.Arrays.fill(every20m, Duration.ofMinutes(20).toMillis());
        HistogramKeepAlive.Window w = HistogramKeepAlive.window(idle(every20m), FIXED);
        assertTrue(w.fromHistogram());
        long pre = w.prewarm().toSeconds();
        long end = w.end().toSeconds();
        assertTrue(pre >= 1000 && pre < 1200, "pre-warm about 0.9 x 20 min: " + w);
        assertTrue(end > 1200 && end <= 1420, "keep-alive end about 1.1 x 20 min: " + w);
    }

    @Test
    void aBusyFunctionKeepsTheFixedKeepAlive() {
        List<Long> gaps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            gaps.add(200L + (i % 10) * 100);
        }
        HistogramKeepAlive.Window w = HistogramKeepAlive.window(idle(gaps.stream().mapToLong(Long::longValue).toArray()), FIXED);
        assertEquals(HistogramKeepAlive.Window.fixed(FIXED), w, "its idle times are far shorter than idleTimeout");
        long[] every5m = new long[30];
        java.util.Arrays.fill(every5m, Duration.ofMinutes(5).toMillis());
        assertEquals(HistogramKeepAlive.Window.fixed(FIXED), HistogramKeepAlive.window(idle(every5m), FIXED),
                "a timer every 5 minutes stays warm under a 10-minute keep-alive anyway");
    }

    private static List<HistogramKeepAlive.Instance> instances(String spec) {
        List<HistogramKeepAlive.Instance> out = new ArrayList<>();
        if (spec.isBlank()) {
            return out;
        }
        for (String s : spec.trim().split(" ")) {
            String[] p = s.split(":");
            // id:state:lastUsed where state is i (idle ready), b (busy), s (starting)
            out.add(new HistogramKeepAlive.Instance(p[0], true, p[1].equals("i"), Long.parseLong(p[2])));
        }
        return out;
    }

    @ParameterizedTest(name = "[{0}] now {1}, idle since {2}, min {3}: retire [{4}], start {5}")
    @CsvSource(delimiter = '|', textBlock = """
            a:i:0                | 50   | 0    | 0 |      | 0
            a:i:0                | 5    | 0    | 0 | a    | 0
            a:i:0                | 150  | 0    | 0 | a    | 0
            ''                   | 50   | 0    | 0 |      | 1
            ''                   | 5    | 0    | 0 |      | 0
            ''                   | 150  | 0    | 1 |      | 1
            a:i:0 b:i:0          | 50   | 0    | 0 | a    | 0
            a:i:0 b:i:0          | 150  | 0    | 1 | a    | 0
            a:b:140 b:i:0 c:i:90 | 150  | -1   | 0 | b    | 0
            a:b:140 b:i:0 c:i:90 | 150  | -1   | 3 |      | 0
            """)
    void decides(String instances, long now, long idleSince, int min, String retire, int start) {
        // Window: pre-warm 10, end 100 (ms).
        HistogramKeepAlive.Window w = new HistogramKeepAlive.Window(Duration.ofMillis(10), Duration.ofMillis(100), true);
        ScalingDecision d = HistogramKeepAlive.decide(w, instances(instances), min, 4, now, idleSince);
        assertEquals(retire == null ? List.of() : List.of(retire.split(" ")), d.toRetire());
        assertEquals(start, d.toStart());
    }
}
