package io.localfaas.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdTest {
    /** All: p50 10, p90 20, p95 30, p99 40, p99.9 50, max 60, mean 12; cold p99 1500; 1000 requests, 5 errors, 3 cold, 250 req/s. */
    static Report report() {
        Report.Percentiles all = new Report.Percentiles(1000, 12, 10, 20, 30, 40, 50, 60);
        Report.Percentiles cold = new Report.Percentiles(3, 1200, 1100, 1400, 1450, 1500, 1500, 1500);
        Report.Percentiles queue = new Report.Percentiles(1000, 1, 0, 1, 2, 7, 9, 9);
        return new Report(Report.SCHEMA, "x", new Report.Target("u", "POST", "f"), new Report.Load("closed", "4s:4", 100, 4, 0, false),
                "t", 4, 1000, 5, 0, 250, Map.of(), Map.of(), new Report.Latencies(all, cold, all), new Report.ColdStarts(3, Map.of()), queue,
                1, 1, -1, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), null);
    }

    @ParameterizedTest(name = "{0}: measured {1}, passes {2}")
    @CsvSource(delimiter = '|', value = {
            "p95<300ms       | 30    | true",
            "p95<300         | 30    | true",
            "p95<30ms        | 30    | false",
            "p95<=30ms       | 30    | true",
            "p(95)<25        | 30    | false",
            "p99<1s          | 40    | true",
            "p99.9<0.05s     | 50    | false",
            "max<1m          | 60    | true",
            "mean>10         | 12    | true",
            "avg>=13         | 12    | false",
            "p50 < 11 ms     | 10    | true",
            "cold.p99<2s     | 1500  | true",
            "cold.p99<1.5s   | 1500  | false",
            "cold.p99.9<=1500| 1500  | true",
            "warm.p90<20     | 20    | false",
            "queue.p99<10ms  | 7     | true",
            "errors<1%       | 0.5   | true",
            "errors<0.4%     | 0.5   | false",
            "errors<0.01     | 0.5   | true",
            "rate<0.001      | 0.5   | false",
            "throughput>500  | 250   | false",
            "throughput>=250 | 250   | true",
            "requests>=1000  | 1000  | true",
            "cold<=2         | 3     | false",
            "COLD<5          | 3     | true"})
    void evaluates(String expression, double measured, boolean passes) {
        Threshold.Verdict v = Threshold.parse(expression).evaluate(report());
        assertEquals(measured, v.actual(), 1e-9);
        assertEquals(passes, v.passed(), v.describe());
        assertEquals(expression.trim(), v.expression());
    }

    @ParameterizedTest(name = "[{0}] is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "p95             | METRIC OP VALUE",
            "p95=300         | METRIC OP VALUE",
            "''              | METRIC OP VALUE",
            "latency<300     | unknown metric latency",
            "p42<300         | unknown metric p42",
            "hot.p99<1s      | unknown metric hot.p99",
            "p95<3%          | a latency takes ms, s or m",
            "errors<5s       | the error rate takes % or a fraction",
            "errors<150%     | at most 100%",
            "throughput>5ms  | throughput is a plain number",
            "p95<-1          | METRIC OP VALUE"})
    void rejectsWithAReason(String expression, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Threshold.parse(expression));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aReportPassesOnlyWhenEveryThresholdDoes() {
        Report r = report();
        assertTrue(r.thresholdsPassed());
        Report ok = r.withThresholds(Threshold.evaluate(List.of(Threshold.parse("p95<300ms"), Threshold.parse("errors<1%")), r));
        assertTrue(ok.thresholdsPassed());
        Report bad = r.withThresholds(Threshold.evaluate(List.of(Threshold.parse("p95<300ms"), Threshold.parse("p99<10ms")), r));
        assertFalse(bad.thresholdsPassed());
        String text = Reports.text(bad);
        assertTrue(text.contains("thresholds: 1 of 2 FAILED"), text);
        assertTrue(text.contains("FAILED p99<10ms (measured 40.0ms)"), text);
        assertTrue(text.contains("passed p95<300ms"), text);
    }
}
