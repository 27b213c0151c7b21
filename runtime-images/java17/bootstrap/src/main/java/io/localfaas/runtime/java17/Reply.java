package io.localfaas.runtime.java17;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

/** One answer of the runtime's server: status, headers, body, and the function's error when the call failed. */
record Reply(int status, List<Map.Entry<String, String>> headers, byte[] body, Optional<Throwable> error) {
    static final Reply EMPTY = ok(List.of(), new byte[0]);

    static Reply ok(List<Map.Entry<String, String>> headers, byte[] body) {
        return new Reply(200, headers, body, Optional.empty());
    }

    /** An error of the runtime or the protocol: {@code {"errorMessage", "errorType"}} with {@code status}. */
    static Reply error(int status, String message, String type) throws IOException {
        return new Reply(status, List.of(Map.entry("content-type", "application/json")), Json.MAPPER.writeValueAsBytes(Map.of(
                "errorMessage", message, "errorType", type)), Optional.empty());
    }

    /** A function error (PROTOCOL.md §5): 500, {@code x-fc-error-type: UnhandledInvocationError}, FC's error body. */
    static Reply ofThrowable(Throwable t) {
        return new Reply(500, List.of(Map.entry("x-fc-error-type", FunctionError.UNHANDLED),
                Map.entry("content-type", "application/json")), FunctionError.json(t), Optional.of(t));
    }

    static void send(HttpExchange exchange, Reply reply) throws IOException {
        Headers out = exchange.getResponseHeaders();
        for (Map.Entry<String, String> h : reply.headers()) {
            out.add(h.getKey(), h.getValue());
        }
        // -1: no body, content-length 0 (0 would mean chunked to the JDK server).
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(reply.body());
            }
        }
    }
}
