package io.localfaas.lifecycle;

import java.time.Duration;

/**
 * How long a function waits before the next instance start after consecutive start or initializer failures:
 * none after zero failures, then {@link #BASE} doubling per failure, capped at {@link #MAX}. A successful start
 * resets the count. While a function backs off, requests that find no instance fail fast with the last failure.
 * Pure.
 */
public final class Backoff {
    public static final Duration BASE = Duration.ofMillis(500);
    public static final Duration MAX = Duration.ofSeconds(30);

    private Backoff() {
    }

    public static Duration delay(int consecutiveFailures) {
        if (consecutiveFailures <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(consecutiveFailures - 1, 20);
        long millis = BASE.toMillis() << shift;
        return millis >= MAX.toMillis() ? MAX : Duration.ofMillis(millis);
    }
}
