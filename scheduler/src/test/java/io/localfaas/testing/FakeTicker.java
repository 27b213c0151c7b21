package io.localfaas.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.localfaas.pool.Ticker;

/** A ticker that stands still until the test advances it (Caffeine's FakeTicker). */
public final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(Duration.ofHours(1).toNanos());

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
