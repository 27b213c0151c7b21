package io.localfaas.spec;

/**
 * How an HTTP trigger hands a request to a function of a built-in runtime, as the FC generation its project file was
 * written for does: {@link #FC2} passes the request through (Node.js {@code (request, response, context)}, Java
 * {@code HttpRequestHandler}); {@link #FC3} sends FC 3.0's v1 HTTP event to an event handler and maps its return value
 * back. Custom runtimes and custom containers get the request passed through under both, as on FC 3.0.
 */
public enum HttpStyle {
    FC2,
    FC3;

    /** Whether a function of {@code runtime} behind a trigger of this style gets the request as FC 3.0's event. */
    public boolean eventFor(Runtime runtime) {
        return this == FC3 && runtime != Runtime.CUSTOM_CONTAINER && !runtime.id().startsWith("custom");
    }

    /** The native format's {@code fcVersion} value: {@code 2} or {@code 3}. */
    public static java.util.Optional<HttpStyle> ofVersion(String written) {
        return java.util.Optional.ofNullable(switch (written.strip()) {
            case "2", "2.0" -> FC2;
            case "3", "3.0" -> FC3;
            default -> null;
        });
    }
}
