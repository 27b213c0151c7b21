package io.localfaas.pool;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool's one source of time (Caffeine's {@code Ticker} is the model): a monotonic reading in nanoseconds from
 * which the pool measures waits, queue-wait, last use, back-off and idleness. Only differences between two readings
 * mean anything. Blocking waits still sleep on a real condition, in bounded steps that read the ticker again, so a
 * ticker that a test holds still never makes a wait hang: the test advances it and the waiter sees the new time.
 */
@FunctionalInterface
public interface Ticker {
    long nanoTime();

    /** {@link #nanoTime()} in milliseconds (the same time line, not the epoch). */
    default long millis() {
        return TimeUnit.NANOSECONDS.toMillis(nanoTime());
    }

    /** {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }

    /**
     * The ticker for a scheduler given {@code clock}, whatever its class: the monotonic {@link System#nanoTime()} plus
     * however far {@code clock} has moved away from the wall clock since this call. A system clock (or any clock that
     * runs with the wall clock, such as {@link Clock#offset}) never moves away from it, so the ticker is real time; a
     * test's clock that runs with the wall clock and is advanced by hand moves idleness and back-off forward by what
     * it was advanced while waits still end in real time; a clock that stands still ({@link Clock#fixed}) holds the
     * ticker still. Readings never go backwards (the two clocks are read one after the other, a millisecond apart at
     * times).
     */
    static Ticker of(Clock clock) {
        long skew = clock.millis() - System.currentTimeMillis();
        AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        return () -> {
            long moved = clock.millis() - System.currentTimeMillis() - skew;
            long now = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(moved);
            return last.accumulateAndGet(now, Math::max);
        };
    }
}
