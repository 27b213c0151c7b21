package io.localfaas.runtime.java17;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Standalone mode (PROTOCOL.md §9), {@code FC_STANDALONE=http|event}: the runtime on its own, as a Knative container
 * runs it, with no platform in front. It listens on {@code $PORT}, runs the initializer before it listens, takes
 * every request as an HTTP invocation ({@link #HTTP}) or {@code POST /} and the invoke API's path as an event
 * invocation ({@link #EVENT}), and answers function errors as the platform would to its caller.
 */
enum Standalone {
    HTTP(502),
    EVENT(200);

    private static final Pattern INVOKE_API_PATH = Pattern.compile("/2016-08-15/services/[^/]+/functions/[^/]+/invocations/?");

    /** The status of a function error: an HTTP trigger's 502, or the invoke API's 200 with {@code x-fc-error-type}. */
    final int errorStatus;

    Standalone(int errorStatus) {
        this.errorStatus = errorStatus;
    }

    static Optional<Standalone> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "http" -> Optional.of(HTTP);
            case "event" -> Optional.of(EVENT);
            default -> throw new IllegalArgumentException("FC_STANDALONE must be one of http, event, got: " + value);
        };
    }

    /**
     * The instance-protocol call a caller's request stands for: {@code /http-invoke}, {@code /invoke}, or a
     * {@code not found: …} / {@code method not allowed: …} text for a request an event function does not take.
     */
    String controlPath(String method, String rawPath) {
        if (this == HTTP) {
            return "/http-invoke";
        }
        if (!rawPath.equals("/") && !INVOKE_API_PATH.matcher(rawPath).matches()) {
            return "not found: " + rawPath;
        }
        return method.equals("POST") ? "/invoke" : "method not allowed: " + method;
    }
}
