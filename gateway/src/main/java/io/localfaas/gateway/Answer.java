package io.localfaas.gateway;

import java.util.Optional;

import io.localfaas.failure.PlatformException;
import io.localfaas.port.Slot;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;

/**
 * How one entry answers its client from an instance's answer to a call on a slot ({@link FcAnswer} holds FC's styles
 * as one table). Every method is called at most once per request, and exactly one of {@link #whole}, {@link #head}
 * (followed by the body) or {@link #platformError} is.
 */
interface Answer {
    /** Whether a large or open-ended body is passed through as it arrives; otherwise every body is read whole first. */
    boolean passesThrough();

    /** The instance's whole answer; {@code errorType} is present when the function failed. */
    void whole(HttpServerExchange exchange, Slot slot, int status, HeaderMap headers, Optional<String> errorType,
            byte[] body);

    /** The head of a successful answer whose body follows as it arrives (only when {@link #passesThrough()}). */
    void head(HttpServerExchange exchange, Slot slot, int status, HeaderMap headers);

    /** A failure of the platform (not of the function) before the instance answered. */
    void platformError(HttpServerExchange exchange, PlatformException e);
}
