package io.localfaas.pool;

/** How a request on a leased instance ended, which decides whether the instance may serve again. */
public enum Outcome {
    /** Served (a function error included): the instance is fine. */
    OK,
    /** The function timed out: the instance may still be busy with it, so it takes no more requests and is replaced. */
    TIMED_OUT,
    /** The instance died or dropped the connection: it is removed at once. */
    CRASHED
}
