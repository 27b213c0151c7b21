package io.localfaas.gateway;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.spec.AuthSpec;
import io.undertow.server.HttpServerExchange;

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
        String claims = null;
        if (found.auth().type() == AuthSpec.Type.JWT) {
            Optional<Map<String, Object>> verified = routes.verifier(found.auth())
                    .verify(exchange.getRequestHeaders().getFirst("Authorization"));
            if (verified.isEmpty()) {
                Exchanges.sendError(exchange, ErrorResponse.INVALID_TOKEN);
                return;
            }
            claims = json(verified.get());
        }
        ClientHeaders client = new ClientHeaders(found.auth().claimsHeader(), claims);
        if (Grpc.asked(exchange)) {
            Optional<ErrorResponse> refused = routes.function(found.function()).flatMap(f -> Grpc.refusal(f, found.event()));
            if (refused.isPresent()) {
                Exchanges.sendError(exchange, refused.get());
            } else {
                path.grpc(exchange, found.function(), request(exchange, found, client.map(exchange.getRequestHeaders()), new byte[0]));
            }
            return;
        }
        if (Upgrades.asked(exchange.getRequestHeaders())) {
            Optional<ErrorResponse> refused = routes.function(found.function()).flatMap(f -> Upgrades.refusal(f, found.event()));
            if (refused.isPresent()) {
                Exchanges.sendError(exchange, refused.get());
            } else {
                path.upgrade(exchange, found.function(), request(exchange, found, new byte[0]), client, FcAnswer.TRIGGER);
            }
            return;
        }
        if (found.event()) {
            events.handle(exchange, found, client.map(exchange.getRequestHeaders()), fcPath);
            return;
        }
        if (Forwarding.streams(exchange, maxBodyBytes)) {
            long length = exchange.getRequestContentLength();
            exchange.setMaxEntitySize(length);
            path.forwardStreaming(exchange, found.function(), request(exchange, found, new byte[0]), length, client, FcAnswer.TRIGGER);
            return;
        }
        Forwarding.receive(exchange, maxBodyBytes, fcPath,
                body -> path.forward(exchange, found.function(), request(exchange, found, body), client, FcAnswer.TRIGGER));
    }

    /** The call as the instance gets it; its client headers are copied from the exchange when it is sent ({@link ClientHeaders}). */
    private static InvokeRequest request(HttpServerExchange exchange, Route.Found found, byte[] body) {
        return request(exchange, found, Map.of(), body);
    }

    /** The call with the client's headers in it (a gRPC call's head is made from the request: {@link GrpcCall}). */
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

    private static Optional<String> clientIp(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        return peer == null || peer.getAddress() == null ? Optional.empty() : Optional.of(peer.getAddress().getHostAddress());
    }
}
