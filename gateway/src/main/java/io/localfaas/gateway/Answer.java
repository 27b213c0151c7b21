package io.localfaas.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.failure.PlatformException;
import io.localfaas.pool.Lease;
import io.undertow.server.HttpServerExchange;

/**
 * How one entry (an HTTP trigger, the invoke API) answers its client from an instance's answer to a call on a lease,
 * whichever thread made the call: FC answers the two differently (a function error is a 502 on a trigger, a 200 with
 * {@code x-fc-error-type} on the invoke API). Every method is called at most once per request, and exactly one of
 * {@link #whole}, {@link #head} (followed by the body) or {@link #platformError} is.
 */
interface Answer {
    /** Whether a large or open-ended body is passed through as it arrives; otherwise every body is read whole first. */
    boolean passesThrough();

    /** The instance's whole answer; {@code errorType} is present when the function failed. */
    void whole(HttpServerExchange exchange, Lease lease, int status, Map<String, List<String>> headers, Optional<String> errorType,
            byte[] body);

    /** The head of a successful answer whose body follows as it arrives (only when {@link #passesThrough()}). */
    void head(HttpServerExchange exchange, Lease lease, int status, Map<String, List<String>> headers);

    /** A failure of the platform (not of the function) before the instance answered. */
    void platformError(HttpServerExchange exchange, PlatformException e);
}
