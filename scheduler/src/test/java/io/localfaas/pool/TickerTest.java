package io.localfaas.pool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import io.localfaas.testing.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Ticker#of(Clock)} follows the clock it is given, whatever its class: a clock that runs with the wall clock
 * runs the ticker at real speed (never twice as fast), an advance moves it by the advance, a fixed clock holds it.
 */
class TickerTest {
    /** Slack for reading two clocks one after the other and a thread descheduled between them on a busy machine; the old bug, twice real speed, is 100 ms off. */
    private static final long SLACK_MS = 25;

    static java.util.stream.Stream<Arguments> clocks() {
        return java.util.stream.Stream.of(
                Arguments.of("systemUTC", Clock.systemUTC(), 1.0),
                Arguments.of("systemDefaultZone", Clock.systemDefaultZone(), 1.0),
                Arguments.of("offset by a day", Clock.offset(Clock.systemUTC(), Duration.ofDays(1)), 1.0),
                Arguments.of("a test's running clock", MutableClock.running(), 1.0),
                Arguments.of("fixed", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), 0.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clocks")
    void theTickerMovesAsTheClockMovesAgainstTheWallClock(String name, Clock clock, double realSpeed) throws Exception {
        Ticker t = Ticker.of(clock);
        long t0 = t.millis();
        long n0 = System.nanoTime();
        // A real interval to measure over: wait until System.nanoTime has moved 100 ms (a bounded spin on the clock, not a sleep).
        while (System.nanoTime() - n0 < TimeUnit.MILLISECONDS.toNanos(100)) {
            Thread.onSpinWait();
        }
        long real = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - n0);
        long moved = t.millis() - t0;
        long expected = Math.round(real * realSpeed);
        assertTrue(Math.abs(moved - expected) <= SLACK_MS, name + ": moved " + moved + " ms over " + real + " ms real, expected " + expected);
    }

    @org.junit.jupiter.api.Test
    void advancingATestClockMovesTheTickerByTheAdvanceAndNeverBackwards() {
        MutableClock clock = MutableClock.running();
        Ticker t = Ticker.of(clock);
        long before = t.millis();
        clock.advance(Duration.ofMinutes(10));
        long after = t.millis();
        assertTrue(after - before >= Duration.ofMinutes(10).toMillis(), "moved " + (after - before));
        assertTrue(after - before < Duration.ofMinutes(10).toMillis() + 1000, "moved " + (after - before));
        long previous = t.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            long now = t.nanoTime();
            assertTrue(now >= previous, "went backwards");
            previous = now;
        }
    }
}
