package io.localfaas.pool;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

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
     * The ticker for a scheduler given {@code clock}: {@link #system()} for a system clock; for any other clock (a
     * test's, that moves only when the test sets it), real elapsed time plus however far that clock has moved since
     * this call, so that advancing it moves idleness and back-off forward while waits still end in real time.
     */
    static Ticker of(Clock clock) {
        if (clock.getClass() == Clock.systemUTC().getClass()) {
            return system();
        }
        long clockStart = clock.millis();
        return () -> System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(clock.millis() - clockStart);
    }
}
