package io.localfaas.lifecycle;

import java.time.Duration;

/**
 * Where a cold start's time went.
 *
 * @param start      create + start through the backend
 * @param listen     from started to accepting connections
 * @param initialize the initializer (zero without one)
 */
public record ColdStart(Duration start, Duration listen, Duration initialize) {
    public Duration total() {
        return start.plus(listen).plus(initialize);
    }

    /** As sent in a response header: {@code start=180ms;listen=160ms;init=12ms;total=352ms}. */
    public String header() {
        return "start=" + start.toMillis() + "ms;listen=" + listen.toMillis() + "ms;init=" + initialize.toMillis()
                + "ms;total=" + total().toMillis() + "ms";
    }
}
