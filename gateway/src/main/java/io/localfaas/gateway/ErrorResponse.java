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
    public static ErrorResponse of(int status, String errorCode, String message) {
        return new ErrorResponse(status, errorCode, message, Optional.empty());
    }

    public static ErrorResponse from(Route route) {
        if (route instanceof Route.NotFound n) {
            return of(404, "FunctionNotFound", n.message());
        }
        if (route instanceof Route.MethodNotAllowed m) {
            return of(405, "MethodNotAllowed", "function " + m.function() + " accepts " + String.join(", ", m.allowed()));
        }
        if (route instanceof Route.BadPath b) {
            return of(400, "InvalidArgument", b.message());
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
        };
    }
}
