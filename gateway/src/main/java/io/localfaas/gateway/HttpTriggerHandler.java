package io.localfaas.gateway;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.spec.AuthSpec;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;

/**
 * HTTP triggers and FC proxy paths: JWT where the trigger asks for it, then the request forwarded as it came and the
 * instance's answer streamed back ({@link FcAnswer#TRIGGER}). The call goes the one way ({@link CallPath}): a body up
 * to {@link Forwarding#SMALL_BODY}, or a chunked one (bounded), is read first without blocking; a larger one with a
 * declared length is passed through to the instance as the client sends it. A WebSocket upgrade, after the same JWT
 * check, is passed on to a custom runtime or custom container function ({@link Upgrades}) and relayed both ways; a gRPC
 * call (HTTP/2), after the same check, goes to such a function as a stream of its own ({@link Grpc}, {@link GrpcCall}).
 */
final class HttpTriggerHandler {
    private final FunctionRoutes routes;
    private final long maxBodyBytes;
    private final CallPath path;
    private final HttpEventHandler events;

    HttpTriggerHandler(FunctionRoutes routes, long maxBodyBytes, CallPath path, HttpEventHandler events) {
        this.path = path;
        this.events = events;
        this.routes = routes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** On the I/O thread. */
    void handle(HttpServerExchange exchange, Route.Found found, boolean fcPath) {
        Map<String, List<String>> headers = forwardedHeaders(exchange.getRequestHeaders(), found.auth().claimsHeader());
        if (found.auth().type() == AuthSpec.Type.JWT) {
            Optional<Map<String, Object>> claims = routes.verifier(found.auth())
                    .verify(exchange.getRequestHeaders().getFirst("Authorization"));
            if (claims.isEmpty()) {
                Exchanges.sendError(exchange, ErrorResponse.INVALID_TOKEN);
                return;
            }
            headers.put(found.auth().claimsHeader(), List.of(json(claims.get())));
        }
        if (Grpc.asked(exchange)) {
            Optional<ErrorResponse> refused = routes.function(found.function()).flatMap(f -> Grpc.refusal(f, found.event()));
            if (refused.isPresent()) {
                Exchanges.sendError(exchange, refused.get());
            } else {
                path.grpc(exchange, found.function(), request(exchange, found, headers, new byte[0]));
            }
            return;
        }
        if (Upgrades.asked(exchange.getRequestHeaders())) {
            Optional<ErrorResponse> refused = routes.function(found.function()).flatMap(f -> Upgrades.refusal(f, found.event()));
            if (refused.isPresent()) {
                Exchanges.sendError(exchange, refused.get());
            } else {
                path.upgrade(exchange, found.function(), request(exchange, found, headers, new byte[0]), FcAnswer.TRIGGER);
            }
            return;
        }
        if (found.event()) {
            events.handle(exchange, found, headers, fcPath);
            return;
        }
        if (Forwarding.streams(exchange, maxBodyBytes)) {
            long length = exchange.getRequestContentLength();
            exchange.setMaxEntitySize(length);
            path.forwardStreaming(exchange, found.function(), request(exchange, found, headers, new byte[0]), length, FcAnswer.TRIGGER);
            return;
        }
        Forwarding.receive(exchange, maxBodyBytes, fcPath,
                body -> path.forward(exchange, found.function(), request(exchange, found, headers, body), FcAnswer.TRIGGER));
    }

    private static InvokeRequest request(HttpServerExchange exchange, Route.Found found, Map<String, List<String>> headers, byte[] body) {
        return new InvokeRequest(Exchanges.requestId(exchange), ControlPath.HTTP_INVOKE, exchange.getRequestMethod().toString(),
                found.seen(pathAndQuery(exchange)), headers, body, clientIp(exchange), found.basePath());
    }

    private static String json(Map<String, Object> claims) {
        try {
            return Exchanges.JSON.writeValueAsString(claims);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pathAndQuery(HttpServerExchange exchange) {
        String q = exchange.getQueryString();
        return q == null || q.isEmpty() ? exchange.getRequestURI() : exchange.getRequestURI() + "?" + q;
    }

    /** Client headers a function may see: no hop-by-hop, no {@code x-fc-*}, never a client-sent claims header. */
    static Map<String, List<String>> forwardedHeaders(HeaderMap in, String claimsHeader) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String claims = claimsHeader.toLowerCase(Locale.ROOT);
        for (HeaderValues values : in) {
            String name = values.getHeaderName().toString();
            if (HeaderNames.forwardRequest(name) && !name.equalsIgnoreCase(claims)) {
                out.put(name, List.copyOf(values));
            }
        }
        String host = in.getFirst("Host");
        if (host != null) {
            out.put("x-forwarded-host", List.of(host));
        }
        return out;
    }

    private static Optional<String> clientIp(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        return peer == null || peer.getAddress() == null ? Optional.empty() : Optional.of(peer.getAddress().getHostAddress());
    }
}
