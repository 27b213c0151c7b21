package io.localfaas.gateway;

import java.time.Duration;
import java.util.Optional;

import io.localfaas.failure.PlatformException;

/**
 * The one place that decides the status and FC error code of every failure the gateway answers.
 *
 * @param errorCode FC's error code where FC has one (FunctionNotFound, ResourceExhausted, …)
 */
public record ErrorResponse(int status, String errorCode, String message, Optional<Duration> retryAfter) {
    /** The one answer to every refused bearer token, whatever was wrong with it. */
    public static final ErrorResponse INVALID_TOKEN = of(401, "InvalidToken", "the bearer token is missing or invalid");

    public static ErrorResponse of(int status, String errorCode, String message) {
        return new ErrorResponse(status, errorCode, message, Optional.empty());
    }

    public static ErrorResponse invalidArgument(String message) {
        return of(400, "InvalidArgument", message);
    }

    /** FC answers an oversized body 400 EntityTooLarge on its own paths; trigger paths use HTTP's 413. */
    public static ErrorResponse tooLarge(long limit, boolean fcPath) {
        return of(fcPath ? 400 : 413, "EntityTooLarge", "payload size exceeds maximum allowed size (" + limit + " bytes)");
    }

    /**
     * @param fcPath whether the request came in under {@code /2016-08-15/}: there a method outside the trigger's is
     *               FC's 403, elsewhere HTTP's 405
     */
    public static ErrorResponse from(Route route, boolean fcPath) {
        if (route instanceof Route.NotFound n) {
            return of(404, n.errorCode(), n.message());
        }
        if (route instanceof Route.MethodNotAllowed m) {
            String message = "function " + m.function() + " accepts " + String.join(", ", new java.util.TreeSet<>(m.allowed()));
            return fcPath ? of(403, "MethodNotAllowed", message) : of(405, "MethodNotAllowed", message);
        }
        if (route instanceof Route.BadPath b) {
            return invalidArgument(b.message());
        }
        if (route instanceof Route.NotSupported n) {
            return of(400, "PathNotSupported", "'" + n.method() + "' against '" + Router.printable(n.path()) + "' is not supported");
        }
        throw new IllegalArgumentException("not an error route: " + route);
    }

    public static ErrorResponse from(PlatformException e) {
        return switch (e.kind()) {
            case START_FAILED -> of(502, "FunctionNotStarted", e.getMessage());
            case INIT_FAILED -> of(502, "InitializationError", e.getMessage());
            case INIT_TIMEOUT -> of(504, "InitializationTimeout", e.getMessage());
            case INSTANCE_CRASHED -> of(502, "InstanceCrashed", e.getMessage());
            case FUNCTION_TIMEOUT -> of(504, "FunctionTimeout", e.getMessage());
            case BACKEND_UNAVAILABLE -> of(503, "BackendUnavailable", e.getMessage());
            case THROTTLED -> new ErrorResponse(429, "ResourceExhausted", e.getMessage(), e.retryAfter());
            case SHUTTING_DOWN -> of(503, "ServiceUnavailable", e.getMessage());
            case FUNCTION_NOT_FOUND -> of(404, "FunctionNotFound", e.getMessage());
        };
    }
}
