package io.localfaas.port;

import java.time.Duration;

/** The captured output of one call, as FC's {@code X-Fc-Log-Result} tail carries it. Implemented by the log store. */
public interface LogTails {
    /** How much of a call's output FC returns in its log tail. */
    int FC_TAIL_BYTES = 4 * 1024;

    /** The last {@code maxBytes} of what the call {@code requestId} of {@code function} wrote so far. */
    String tail(String function, String requestId, int maxBytes);

    /** As {@link #tail}, once the call's End marker arrived (at most {@code wait} later). */
    String tailAfterEnd(String function, String requestId, int maxBytes, Duration wait) throws InterruptedException;
}
