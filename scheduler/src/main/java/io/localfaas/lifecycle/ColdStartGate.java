package io.localfaas.lifecycle;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;

/**
 * Bounds the cold starts that run at once across the platform ({@code platform.maxColdStarts}): a fair semaphore,
 * so starts are admitted in the order they asked, with a bounded wait for a permit.
 */
public final class ColdStartGate {
    private final Semaphore permits;
    private final int size;
    private final Duration maxWait;

    public ColdStartGate(int maxColdStarts, Duration maxWait) {
        this.permits = new Semaphore(maxColdStarts, true);
        this.size = maxColdStarts;
        this.maxWait = maxWait;
    }

    /**
     * Takes a permit, waiting at most the configured time.
     *
     * @throws PlatformException THROTTLED when no permit frees up in time; SHUTTING_DOWN when interrupted
     */
    public void enter(String function) {
        try {
            if (!permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw PlatformException.throttled("no cold start slot for " + function + " within " + maxWait.toMillis()
                        + "ms: " + size + " instance(s) already starting (platform.maxColdStarts)", Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PlatformException.of(Kind.SHUTTING_DOWN, "interrupted while waiting to start an instance of " + function);
        }
    }

    public void leave() {
        permits.release();
    }

    /** Cold starts running now. */
    public int running() {
        return size - permits.availablePermits();
    }

    /** Cold starts waiting for a permit now. */
    public int waiting() {
        return permits.getQueueLength();
    }
}
