package io.localfaas.port;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import io.localfaas.pool.Outcome;

/**
 * How one call to an instance ended, as the caller saw it. What that means for the instance ({@link #outcome()}) and
 * whether the engine must be asked how the instance ended ({@link #asksEngine()}) are pure functions of it, the same for
 * the gateway's non-blocking calls and the blocking client's.
 */
public enum Happened {
    /** The instance answered whole (a function error included). */
    ANSWERED(Outcome.OK, false),
    /** The client went away or stalled while the answer was written to it: the instance is not blamed. */
    CLIENT_GONE(Outcome.OK, false),
    /** The client's request body could not be read: the instance is not blamed. */
    CLIENT_BODY_FAILED(Outcome.OK, false),
    /** The function ran past its timeout: the instance may still be busy, it drains and is replaced. */
    TIMED_OUT(Outcome.TIMED_OUT, false),
    /** The instance did not accept the connection in time. */
    CONNECT_TIMED_OUT(Outcome.CRASHED, true),
    /** The instance refused the connection. */
    REFUSED(Outcome.CRASHED, true),
    /** The instance dropped the connection or failed while answering. */
    DROPPED(Outcome.CRASHED, true);

    private final Outcome outcome;
    private final boolean asksEngine;

    Happened(Outcome outcome, boolean asksEngine) {
        this.outcome = outcome;
        this.asksEngine = asksEngine;
    }

    /** Whether the instance serves again (OK), drains (TIMED_OUT) or is removed at once (CRASHED). */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * Whether what the request sees depends on how the instance ended (killed for memory, exited), which the engine
     * is asked: may block, so never on an I/O thread.
     */
    public boolean asksEngine() {
        return asksEngine;
    }

    /** What a failed call to an instance (before or while its answer arrived) means, from the exception alone. */
    public static Happened of(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return CONNECT_TIMED_OUT;
        } else if (e instanceof HttpTimeoutException) {
            return TIMED_OUT;
        } else if (e instanceof ConnectException) {
            return REFUSED;
        }
        return DROPPED;
    }
}
