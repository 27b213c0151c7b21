package io.localfaas.lifecycle;

import java.time.Duration;

/**
 * Where a cold start's time went, phase by phase.
 *
 * @param imageReady  making sure the instance's image exists (zero while runtime images are built ahead by setup)
 * @param permitWait  waiting for a cold-start permit ({@code platform.maxColdStarts})
 * @param create      creating the container (or child process record) through the backend
 * @param start       from created to the engine reporting it started
 * @param listen      from started to accepting connections
 * @param initialize  the initializer (zero without one)
 */
public record ColdStart(Duration imageReady, Duration permitWait, Duration create, Duration start, Duration listen,
                        Duration initialize) {
    /** Only the three phases the skeleton measured; the others zero. */
    public ColdStart(Duration start, Duration listen, Duration initialize) {
        this(Duration.ZERO, Duration.ZERO, Duration.ZERO, start, listen, initialize);
    }

    public Duration total() {
        return imageReady.plus(permitWait).plus(create).plus(start).plus(listen).plus(initialize);
    }

    /**
     * As sent in a response header:
     * {@code image=0ms;wait=0ms;create=13ms;start=180ms;listen=160ms;init=12ms;total=365ms}.
     */
    public String header() {
        return "image=" + imageReady.toMillis() + "ms;wait=" + permitWait.toMillis() + "ms;create=" + create.toMillis()
                + "ms;start=" + start.toMillis() + "ms;listen=" + listen.toMillis() + "ms;init=" + initialize.toMillis()
                + "ms;total=" + total().toMillis() + "ms";
    }
}
