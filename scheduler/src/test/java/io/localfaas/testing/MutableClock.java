package io.localfaas.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock a test advances: either one that only moves when advanced ({@link #MutableClock(Instant)}) or one that runs
 * with the wall clock plus what the test advanced ({@link #running()}; a scheduler's waits then still end in real time).
 */
public final class MutableClock extends Clock {
    private final AtomicLong millis;
    private final boolean running;

    public MutableClock() {
        this(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    /** A clock that reads {@code start} until advanced. */
    public MutableClock(Instant start) {
        this(start.toEpochMilli(), false);
    }

    private MutableClock(long millis, boolean running) {
        this.millis = new AtomicLong(millis);
        this.running = running;
    }

    /** The wall clock plus however far the test has advanced it. */
    public static MutableClock running() {
        return new MutableClock(0, true);
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        return running ? System.currentTimeMillis() + millis.get() : millis.get();
    }
}
