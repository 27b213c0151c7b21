package io.localfaas.failure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.localfaas.backend.InstanceStatus;

/** FC's error JSON for failures that the function's process caused but could not report itself. */
public final class FunctionErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FunctionErrors() {
    }

    /**
     * The body FC answers when the process died mid-request:
     * {@code {"errorMessage": "Process exited unexpectedly before completing request (duration: 6ms, exit code 3)",
     * "errorType": "FunctionUnhandledError"}}; {@code FunctionOOMError} when it was killed for memory. No stack trace:
     * there is none from the function, and the platform's own never reaches a user.
     */
    public static byte[] processExited(Duration duration, InstanceStatus status) {
        ObjectNode body = JSON.createObjectNode();
        String how = status.running() ? "connection closed" : status.oomKilled() ? "out of memory" : "exit code " + status.exitCode();
        body.put("errorMessage", "Process exited unexpectedly before completing request (duration: " + duration.toMillis() + "ms, " + how + ")");
        body.put("errorType", status.oomKilled() ? "FunctionOOMError" : "FunctionUnhandledError");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
