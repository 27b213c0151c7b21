package io.localfaas.pool;

import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.lifecycle.Backoff;

/**
 * The start failures of one pool and the back-off they cause (guarded by the pool's lock): consecutive failures make
 * the pool wait {@link Backoff#delay} before its next start; a success resets it. A start refused as THROTTLED or
 * SHUTTING_DOWN is counted but does not back off.
 */
final class StartFailures {
    private long count;
    private int consecutive;
    private long backoffUntilMillis;
    private PlatformException last;

    void failed(PlatformException e, long nowMillis) {
        last = e;
        count++;
        if (e.kind() != Kind.THROTTLED && e.kind() != Kind.SHUTTING_DOWN) {
            consecutive++;
            backoffUntilMillis = nowMillis + Backoff.delay(consecutive).toMillis();
        }
    }

    void succeeded() {
        consecutive = 0;
        backoffUntilMillis = 0;
    }

    boolean backingOff(long nowMillis) {
        return nowMillis < backoffUntilMillis;
    }

    long backoffLeftMillis(long nowMillis) {
        return Math.max(0, backoffUntilMillis - nowMillis);
    }

    /** Start failures so far. */
    long count() {
        return count;
    }

    /** The last start failure, or null. */
    PlatformException last() {
        return last;
    }
}
