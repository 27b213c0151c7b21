package io.localfaas.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StagesTest {
    private static final long S = 1_000_000_000L;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // profile                   | elapsed ms | level
            "10s:0-64,30s:64,10s:64-0     | 0          | 0",
            "10s:0-64,30s:64,10s:64-0     | 5000       | 32",
            "10s:0-64,30s:64,10s:64-0     | 10000      | 64",
            "10s:0-64,30s:64,10s:64-0     | 39999      | 64",
            "10s:0-64,30s:64,10s:64-0     | 45000      | 32",
            "10s:0-64,30s:64,10s:64-0     | 50000      | 0",
            "500ms:8                      | 499        | 8",
            "2m:10-20                     | 60000      | 15",
    })
    void levelFollowsTheProfile(String spec, long elapsedMs, double level) {
        assertEquals(level, Stages.parse(spec).level(elapsedMs * 1_000_000), 1e-9);
    }

    @Test
    void parsesAndPrintsBack() {
        Stages s = Stages.parse("10s:0-64, 30s:64,10s:64-0");
        assertEquals("10s:0-64,30s:64,10s:64-0", s.toString());
        assertEquals(Duration.ofSeconds(50), s.total());
        assertEquals(64, s.maxLevel());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"10s", "10s:abc", "x:5", "0s:5", "10s:-1", "10s:1-2-3", "10s:200000"})
    void refusesBadProfilesWithAMessage(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stages.parse(spec));
        assertTrue(e.getMessage().length() > 10, e.getMessage());
    }

    @Test
    void aConstantRateSendsEvenlyFromTheStart() {
        Stages s = Stages.constant(Duration.ofSeconds(2), 100);
        assertEquals(0, s.sendTimeNanos(0));
        assertEquals(10_000_000, s.sendTimeNanos(1));
        assertEquals(1_990_000_000, s.sendTimeNanos(199));
        assertEquals(-1, s.sendTimeNanos(200), "the profile's 200 requests are all sent");
    }

    @Test
    void aRampSendsAsTheIntegralOfItsRate() {
        // 0 -> 100 req/s over 10 s: 500 requests; by time t, 5 t^2 of them; the k-th at sqrt(k / 5).
        Stages s = Stages.parse("10s:0-100");
        assertEquals(0, s.sendTimeNanos(0));
        assertEquals(1 * S, s.sendTimeNanos(5), 1000);
        assertEquals(5 * S, s.sendTimeNanos(125), 1000);
        assertEquals(-1, s.sendTimeNanos(500));
        // Ramp down 100 -> 0 over 10 s: the first half of the requests in the first 2.93 s.
        Stages down = Stages.parse("10s:100-0");
        assertEquals((long) ((10 - Math.sqrt(50)) * S), down.sendTimeNanos(250), 1000);
    }

    @Test
    void stagesFollowOneAnotherAndAZeroStageSendsNothing() {
        Stages s = Stages.parse("1s:10,1s:0,1s:10");
        assertEquals(900_000_000L, s.sendTimeNanos(9));
        assertEquals(2 * S, s.sendTimeNanos(10), "nothing is sent during the 0 stage");
        assertEquals(-1, s.sendTimeNanos(20));
        for (long k = 1; k < 20; k++) {
            assertTrue(s.sendTimeNanos(k) > s.sendTimeNanos(k - 1), "monotonic at " + k);
        }
    }

    @ParameterizedTest
    @CsvSource({"500ms,500", "10s,10000", "1.5s,1500", "2m,120000", "1h,3600000"})
    void durations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }
}
