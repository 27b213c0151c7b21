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
import io.localfaas.pool.Lease;
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
 * JSON (FC). A small body is read on the I/O thread; then, when an instance has a free slot at once, the whole call
 * stays on that I/O thread ({@link DirectCall}); otherwise (a cold start, a queue, all slots busy) it goes to a worker
 * thread that waits for a slot. A large body is streamed to the instance from a worker as the client sends it; a chunked
 * one is read (bounded) first, because its size can only be checked against the limit before the function sees it.
 */
final class HttpTriggerHandler {
    private final Scheduler scheduler;
    private final FunctionRoutes routes;
    private final long maxBodyBytes;
    private final WriteWatch writeWatch;
    private final DirectCalls direct;
    private final HttpEventHandler events;

    HttpTriggerHandler(Scheduler scheduler, FunctionRoutes routes, long maxBodyBytes, WriteWatch writeWatch, DirectCalls direct,
            HttpEventHandler events) {
        this.direct = direct;
        this.events = events;
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
        if (found.event()) {
            events.handle(exchange, found, headers, fcPath);
            return;
        }
        if (Forwarding.smallBody(exchange, maxBodyBytes)) {
            Forwarding.receiveSmall(exchange, body -> {
                InvokeRequest request = request(exchange, found, headers, body);
                direct.forward(exchange, found.function(), request, ANSWER, () -> forward(exchange, found, request, Optional.empty()));
            });
            return;
        }
        Forwarding.onWorker(exchange, () -> {
            long length = exchange.getRequestContentLength();
            if (length > 0 && length <= maxBodyBytes) {
                exchange.setMaxEntitySize(length);
                exchange.startBlocking();
                forward(exchange, found, request(exchange, found, headers, new byte[0]),
                        Optional.of(new StreamedBody(exchange::getInputStream, length)));
            } else {
                Forwarding.readBody(exchange, maxBodyBytes, fcPath)
                        .ifPresent(body -> forward(exchange, found, request(exchange, found, headers, body), Optional.empty()));
            }
        });
    }

    private static InvokeRequest request(HttpServerExchange exchange, Route.Found found, Map<String, List<String>> headers, byte[] body) {
        return new InvokeRequest(Exchanges.requestId(exchange), ControlPath.HTTP_INVOKE, exchange.getRequestMethod().toString(),
                found.seen(pathAndQuery(exchange)), headers, body, clientIp(exchange), found.basePath());
    }

    /** On a worker thread: the one call to the instance, waiting for a slot if needed, and its answer. */
    private void forward(HttpServerExchange exchange, Route.Found found, InvokeRequest request, Optional<StreamedBody> streamed) {
        StreamedInvocation inv;
        try {
            inv = scheduler.invokeStreaming(found.function(), request, streamed);
        } catch (PlatformException e) {
            ANSWER.platformError(exchange, e);
            return;
        } catch (UncheckedIOException e) {
            Forwarding.refuse(exchange, ErrorResponse.invalidArgument("could not read the request body: " + e.getCause().getMessage()));
            return;
        }
        try (inv) {
            Forwarding.served(exchange, inv.instanceId(), inv.coldStart(), inv.queueWait());
            if (inv.errorType().isPresent()) {
                byte[] error;
                try {
                    error = inv.readAll();
                } catch (IOException e) {
                    Exchanges.sendError(exchange, ErrorResponse.from(PlatformException.of(PlatformException.Kind.INSTANCE_CRASHED,
                            "instance " + inv.instanceId() + " of " + found.function() + " failed while answering")));
                    return;
                }
                sendFunctionError(exchange, inv.errorType().get(), error);
                return;
            }
            copyHead(exchange, inv.status(), inv.headers());
            inv.contentLength().ifPresent(exchange::setResponseContentLength);
            Forwarding.writeAnswer(exchange, inv, writeWatch);
        }
    }

    /** FC's answers on an HTTP trigger: the instance's answer as it is, a function error as a 502 with its JSON. */
    static final Answer ANSWER = new Answer() {
        @Override
        public boolean passesThrough() {
            return true;
        }

        @Override
        public void whole(HttpServerExchange exchange, Lease lease, int status, Map<String, List<String>> headers,
                Optional<String> errorType, byte[] body) {
            Forwarding.served(exchange, lease.instanceId(), lease.coldStart(), lease.queueWait());
            if (errorType.isPresent()) {
                sendFunctionError(exchange, errorType.get(), body);
                return;
            }
            copyHead(exchange, status, headers);
            Forwarding.sendFromIoThread(exchange, body);
        }

        @Override
        public void head(HttpServerExchange exchange, Lease lease, int status, Map<String, List<String>> headers) {
            Forwarding.served(exchange, lease.instanceId(), lease.coldStart(), lease.queueWait());
            copyHead(exchange, status, headers);
        }

        @Override
        public void platformError(HttpServerExchange exchange, PlatformException e) {
            ErrorResponse error = ErrorResponse.from(e);
            e.functionErrorBody().ifPresentOrElse(
                    b -> Forwarding.sendFunctionError(exchange, error.status(), "UnhandledInvocationError", b),
                    () -> Exchanges.sendError(exchange, error));
        }
    };

    /** FC: a function error on an HTTP trigger is a 502 carrying the error type and the function's error JSON. */
    private static void sendFunctionError(HttpServerExchange exchange, String errorType, byte[] body) {
        Forwarding.sendFunctionError(exchange, 502, errorType, body);
    }

    private static void copyHead(HttpServerExchange exchange, int status, Map<String, List<String>> headers) {
        HeaderMap out = exchange.getResponseHeaders();
        headers.forEach((name, values) -> {
            if (HeaderNames.forwardResponse(name)) {
                out.putAll(HttpString.tryFromString(name), values);
            }
        });
        exchange.setStatusCode(status);
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
