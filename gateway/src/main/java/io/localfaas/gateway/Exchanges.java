package io.localfaas.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;

/** What every handler needs from an exchange: its request id, its access-log record, and the JSON error answer. */
final class Exchanges {
    static final ObjectMapper JSON = new ObjectMapper();
    static final AttachmentKey<Access> ACCESS = AttachmentKey.create(Access.class);
    static final HttpString CONTENT_TYPE = HttpString.tryFromString("Content-Type");

    /**
     * The request's id and start, filled in by handlers and written as one access-log line when the exchange completes
     * (the one attachment a request carries).
     */
    static class Access {
        final String requestId;
        final long startNanos;
        volatile String function = "-";
        volatile String instance = "-";
        volatile String served = "-";
        volatile long queueWaitMillis;

        Access(String requestId, long startNanos) {
            this.requestId = requestId;
            this.startNanos = startNanos;
        }
    }

    private Exchanges() {
    }

    static String requestId(HttpServerExchange exchange) {
        Access a = exchange.getAttachment(ACCESS);
        return a == null ? "-" : a.requestId;
    }

    static Access access(HttpServerExchange exchange) {
        Access a = exchange.getAttachment(ACCESS);
        return a == null ? new Access("-", System.nanoTime()) : a;
    }

    static void header(HttpServerExchange exchange, String name, String value) {
        exchange.getResponseHeaders().put(HttpString.tryFromString(name), value);
    }

    /**
     * Answers {@code error} as {@code {"errorCode", "errorMessage", "requestId"}}, under FC 3.0's API prefix also with
     * the same as FC 3.0's error struct names them ({@code Code}, {@code Message}, {@code RequestId}); a gRPC call gets it
     * as gRPC's trailers-only answer instead ({@link Grpc#sendError}). Works on I/O and worker threads.
     */
    static void sendError(HttpServerExchange exchange, ErrorResponse error) {
        if (Grpc.asked(exchange)) {
            Grpc.sendError(exchange, error);
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("errorCode", error.errorCode());
        body.put("errorMessage", error.message());
        body.put("requestId", requestId(exchange));
        if (exchange.getRequestPath().startsWith(Router.FC3_PREFIX)) {
            body.put("Code", error.errorCode());
            body.put("Message", error.message());
            body.put("RequestId", requestId(exchange));
        }
        error.retryAfter().ifPresent(d -> header(exchange, "Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
        if (error.status() == 401) {
            header(exchange, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        send(exchange, error.status(), "application/json", (body + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void sendJson(HttpServerExchange exchange, int status, Object value) {
        try {
            send(exchange, status, "application/json", JSON.writeValueAsBytes(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void send(HttpServerExchange exchange, int status, String contentType, byte[] body) {
        exchange.setStatusCode(status);
        if (contentType != null) {
            exchange.getResponseHeaders().put(CONTENT_TYPE, contentType);
        }
        exchange.setResponseContentLength(body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
