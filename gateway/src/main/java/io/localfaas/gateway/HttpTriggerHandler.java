package io.localfaas.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.localfaas.Scheduler;
import io.localfaas.StreamedInvocation;
import io.localfaas.failure.PlatformException;
import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.StreamedBody;
import io.localfaas.spec.AuthSpec;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;

/**
 * HTTP triggers and FC proxy paths: JWT where the trigger asks for it, then the request forwarded as it came and the
 * instance's answer streamed back; a function error is a 502 with {@code x-fc-error-type} and the function's error
 * JSON (FC). A small body is read on the I/O thread before the request goes to a worker; a large one is streamed to
 * the instance as the client sends it; a chunked one is read (bounded) first, because its size can only be checked
 * against the limit before the function sees it.
 */
final class HttpTriggerHandler {
    private final Scheduler scheduler;
    private final FunctionRoutes routes;
    private final long maxBodyBytes;
    private final WriteWatch writeWatch;

    HttpTriggerHandler(Scheduler scheduler, FunctionRoutes routes, long maxBodyBytes, WriteWatch writeWatch) {
        this.scheduler = scheduler;
        this.routes = routes;
        this.maxBodyBytes = maxBodyBytes;
        this.writeWatch = writeWatch;
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
        if (Forwarding.smallBody(exchange, maxBodyBytes)) {
            Forwarding.receiveSmall(exchange, body -> forward(exchange, found, headers, Optional.empty(), body));
            return;
        }
        Forwarding.onWorker(exchange, () -> {
            long length = exchange.getRequestContentLength();
            if (length > 0 && length <= maxBodyBytes) {
                exchange.setMaxEntitySize(length);
                exchange.startBlocking();
                forward(exchange, found, headers, Optional.of(new StreamedBody(exchange::getInputStream, length)), new byte[0]);
            } else {
                Forwarding.readBody(exchange, maxBodyBytes, fcPath)
                        .ifPresent(body -> forward(exchange, found, headers, Optional.empty(), body));
            }
        });
    }

    /** On a worker thread: the one call to the instance and its answer. */
    private void forward(HttpServerExchange exchange, Route.Found found, Map<String, List<String>> headers, Optional<StreamedBody> streamed,
            byte[] buffered) {
        InvokeRequest request = new InvokeRequest(Exchanges.requestId(exchange), ControlPath.HTTP_INVOKE,
                exchange.getRequestMethod().toString(), pathAndQuery(exchange), headers, buffered, clientIp(exchange), found.basePath());
        StreamedInvocation inv;
        try {
            inv = scheduler.invokeStreaming(found.function(), request, streamed);
        } catch (PlatformException e) {
            ErrorResponse error = ErrorResponse.from(e);
            e.functionErrorBody().ifPresentOrElse(
                    b -> Forwarding.sendFunctionError(exchange, error.status(), "UnhandledInvocationError", b),
                    () -> Exchanges.sendError(exchange, error));
            return;
        } catch (UncheckedIOException e) {
            Forwarding.refuse(exchange, ErrorResponse.invalidArgument("could not read the request body: " + e.getCause().getMessage()));
            return;
        }
        try (inv) {
            Forwarding.served(exchange, inv.instanceId(), inv.coldStart(), inv.queueWait());
            if (inv.errorType().isPresent()) {
                // FC: a function error on an HTTP trigger is a 502 carrying the error type and the function's error JSON.
                byte[] error;
                try {
                    error = inv.readAll();
                } catch (IOException e) {
                    Exchanges.sendError(exchange, ErrorResponse.from(PlatformException.of(PlatformException.Kind.INSTANCE_CRASHED,
                            "instance " + inv.instanceId() + " of " + found.function() + " failed while answering")));
                    return;
                }
                Forwarding.sendFunctionError(exchange, 502, inv.errorType().get(), error);
                return;
            }
            HeaderMap out = exchange.getResponseHeaders();
            inv.headers().forEach((name, values) -> {
                if (HeaderNames.forwardResponse(name)) {
                    out.putAll(HttpString.tryFromString(name), values);
                }
            });
            exchange.setStatusCode(inv.status());
            inv.contentLength().ifPresent(exchange::setResponseContentLength);
            Forwarding.writeAnswer(exchange, inv, writeWatch);
        }
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
