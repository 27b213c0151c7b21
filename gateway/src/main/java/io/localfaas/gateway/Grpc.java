package io.localfaas.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import io.localfaas.spec.FunctionSpec;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Protocols;

/**
 * gRPC through the gateway: which requests are gRPC calls (HTTP/2 with a {@code application/grpc} content type, as FC
 * tells them apart: it has no setting that declares a function as gRPC), which functions may serve them (FC: custom
 * runtime and custom-container functions, whose own server speaks gRPC), and how the gateway's own errors reach a gRPC
 * client: a trailers-only answer, HTTP 200 with {@code grpc-status} and {@code grpc-message}, the code from
 * {@link #status} (a pure table).
 */
final class Grpc {
    static final HttpString GRPC_STATUS = HttpString.tryFromString("grpc-status");
    static final HttpString GRPC_MESSAGE = HttpString.tryFromString("grpc-message");
    private static final String CONTENT_TYPE = "application/grpc";

    /** gRPC's status codes (the gRPC spec's statuscodes.md) that the gateway answers. */
    static final int OK = 0;
    static final int INVALID_ARGUMENT = 3;
    static final int DEADLINE_EXCEEDED = 4;
    static final int PERMISSION_DENIED = 7;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int UNIMPLEMENTED = 12;
    static final int INTERNAL = 13;
    static final int UNAVAILABLE = 14;
    static final int UNAUTHENTICATED = 16;
    static final int UNKNOWN = 2;

    private Grpc() {
    }

    /**
     * Whether a request is a gRPC call: HTTP/2 and a content type of {@code application/grpc} or
     * {@code application/grpc+<codec>} (gRPC-Web, {@code application/grpc-web}, is plain HTTP and not one).
     */
    static boolean asked(HttpServerExchange exchange) {
        return exchange.getProtocol() == Protocols.HTTP_2_0 && isGrpcContentType(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
    }

    /** Pure: whether {@code contentType} is gRPC's. */
    static boolean isGrpcContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        String t = contentType.trim().toLowerCase(Locale.ROOT);
        if (!t.startsWith(CONTENT_TYPE)) {
            return false;
        }
        return t.length() == CONTENT_TYPE.length() || t.charAt(CONTENT_TYPE.length()) == '+' || t.charAt(CONTENT_TYPE.length()) == ';';
    }

    /**
     * Why {@code function} cannot serve gRPC ({@code event}: the trigger passes FC 3.0's HTTP event, not the request), or
     * empty when it can. Pure.
     */
    static Optional<ErrorResponse> refusal(FunctionSpec function, boolean event) {
        return Upgrades.refusal(function, event, "GrpcNotSupported", "gRPC", "a gRPC call");
    }

    /**
     * The gRPC status a gateway error is answered with. Pure. FC's error codes come first, where gRPC has a closer code
     * than HTTP's status says; otherwise the gRPC spec's mapping of HTTP statuses (http-grpc-status-mapping.md).
     */
    static int status(ErrorResponse error) {
        switch (error.errorCode()) {
            case "ResourceExhausted":
            case "EntityTooLarge":
                return RESOURCE_EXHAUSTED;
            case "FunctionTimeout":
            case "InitializationTimeout":
                return DEADLINE_EXCEEDED;
            case "FunctionNotFound":
            case "ServiceNotFound":
            case "AliasNotFound":
            case "MethodNotAllowed":
            case "PathNotSupported":
            case "GrpcNotSupported":
                return UNIMPLEMENTED;
            case "InvalidArgument":
                return INVALID_ARGUMENT;
            case "InternalServerError":
                return INTERNAL;
            default:
                break;
        }
        return switch (error.status()) {
            case 400 -> INTERNAL;
            case 401 -> UNAUTHENTICATED;
            case 403 -> PERMISSION_DENIED;
            case 404 -> UNIMPLEMENTED;
            case 429, 502, 503, 504 -> UNAVAILABLE;
            default -> UNKNOWN;
        };
    }

    /**
     * {@code grpc-message} as the gRPC spec writes it: UTF-8, every byte outside printable ASCII and {@code %} itself
     * percent-encoded. Pure.
     */
    static String encodeMessage(String message) {
        StringBuilder b = new StringBuilder(message.length());
        for (byte x : message.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /** Puts {@code status} and {@code message} into {@code headers} (a trailers-only answer's head, or trailers). */
    static HeaderMap status(HeaderMap headers, int status, String message) {
        headers.put(GRPC_STATUS, Integer.toString(status));
        headers.put(GRPC_MESSAGE, encodeMessage(message));
        return headers;
    }

    /**
     * Answers {@code error} to a gRPC client as a trailers-only answer: HTTP 200, {@code content-type: application/grpc},
     * {@code grpc-status} and {@code grpc-message} in the one HEADERS frame that ends the stream (the gRPC spec's
     * "Trailers-Only"); the request id and {@code Retry-After} travel along.
     */
    static void sendError(HttpServerExchange exchange, ErrorResponse error) {
        error.retryAfter().ifPresent(d -> Exchanges.header(exchange, "Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        status(exchange.getResponseHeaders(), status(error), error.errorCode() + ": " + error.message());
        exchange.getResponseSender().send(ByteBuffer.allocate(0));
    }
}
