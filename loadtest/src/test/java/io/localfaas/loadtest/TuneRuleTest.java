package io.localfaas.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TuneRuleTest {
    static Report report(double p99, int instances, long errors, double memory) {
        Report.Percentiles p = new Report.Percentiles(100, p99 / 2, p99 / 2, p99 * 0.9, p99 * 0.95, p99, p99, p99);
        return new Report(Report.SCHEMA, "x", new Report.Target("u", "POST", "f"), new Report.Load("closed", "10s:4", 100, 4, 0, false),
                "t", 10, 100, errors, 0, 10, Map.of(), Map.of(), new Report.Latencies(p, Report.Percentiles.EMPTY, p),
                new Report.ColdStarts(0, Map.of()), Report.Percentiles.EMPTY, instances, instances, memory, List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), Map.of(), null);
    }

    static TuneRule.Run run(int c, double p99, int instances, long errors) {
        return new TuneRule.Run(c, report(p99, instances, errors, instances * 128.0));
    }

    @Test
    void ioBound_theFewestInstancesWithinToleranceWins() {
        TuneRule.Decision d = TuneRule.recommend(List.of(run(1, 105, 4, 0), run(2, 108, 2, 0), run(4, 118, 1, 0), run(8, 140, 1, 0)), 20, 0.01);
        assertEquals(4, d.recommended(), "p99 118 is within 20% of 105; 140 is not");
        assertEquals(126, d.limitP99Ms(), 1e-9);
        assertEquals("instanceConcurrency: 4", d.yaml());
    }

    @Test
    void cpuBound_concurrencyCostsLatencySoOneWins() {
        TuneRule.Decision d = TuneRule.recommend(List.of(run(1, 90, 4, 0), run(2, 170, 2, 0), run(4, 330, 1, 0)), 20, 0.01);
        assertEquals(1, d.recommended());
    }

    @Test
    void runsWithTooManyErrorsNeitherWinNorSetTheBest() {
        TuneRule.Decision d = TuneRule.recommend(List.of(run(1, 100, 4, 0), run(8, 10, 1, 50)), 20, 0.01);
        assertEquals(1, d.recommended());
        assertEquals(100, d.bestP99Ms(), 1e-9);
        assertEquals(-1, TuneRule.recommend(List.of(run(1, 100, 4, 50)), 20, 0.01).recommended(), "nothing acceptable");
    }

    @Test
    void tiesGoToLessMemoryThenLowerP99ThenTheSmallerValue() {
        assertEquals(2, TuneRule.recommend(List.of(run(4, 110, 1, 0), run(2, 100, 1, 0)), 20, 0.01).recommended());
        assertEquals(2, TuneRule.recommend(List.of(run(4, 100, 1, 0), run(2, 100, 1, 0)), 20, 0.01).recommended());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1,2,4,8|[1, 2, 4, 8]", "1-4|[1, 2, 3, 4]", "1-64:x2|[1, 2, 4, 8, 16, 32, 64]", "1-16:+5|[1, 6, 11, 16]", "3|[3]"})
    void values(String spec, String expected) {
        assertEquals(expected, TuneRule.values(spec).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0,1", "1-300", "a", "4-1", "1-8:x1", "1,1", "1-100"})
    void badValues(String spec) {
        assertThrows(IllegalArgumentException.class, () -> TuneRule.values(spec));
    }
}
