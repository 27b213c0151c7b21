package io.localfaas.gateway;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.Invocation;
import io.localfaas.Scheduler;
import io.localfaas.failure.PlatformException;
import io.localfaas.pool.Lease;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.RequestHead;
import io.localfaas.spec.InstanceEnvironment;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

/**
 * An HTTP trigger of FC 3.0's style in front of a built-in runtime: the request becomes FC 3.0's v1 event
 * ({@link HttpEvent#event}), sent as an event invocation ({@code /invoke}), and the function's result becomes the
 * answer ({@link HttpEvent#answer}). The body is read whole (an event carries it), then the call goes the fast way
 * ({@link DirectCall}) when an instance has a free slot, else a worker's way. A function error is a 502 with
 * {@code x-fc-error-type} and the function's error JSON, as on FC 2's triggers.
 */
final class HttpEventHandler {
    private final Scheduler scheduler;
    private final long maxBodyBytes;
    private final DirectCalls direct;
    private final Clock clock;

    HttpEventHandler(Scheduler scheduler, long maxBodyBytes, DirectCalls direct, Clock clock) {
        this.scheduler = scheduler;
        this.maxBodyBytes = maxBodyBytes;
        this.direct = direct;
        this.clock = clock;
    }

    /** On the I/O thread; {@code headers} are the client's as a function may see them. */
    void handle(HttpServerExchange exchange, Route.Found found, Map<String, List<String>> headers, boolean fcPath) {
        if (Forwarding.smallBody(exchange, maxBodyBytes)) {
            Forwarding.receiveSmall(exchange, body -> {
                InvokeRequest request = request(exchange, found, headers, body);
                direct.forward(exchange, found.function(), request, ANSWER, () -> invoke(exchange, found.function(), request));
            });
            return;
        }
        Forwarding.onWorker(exchange, () -> Forwarding.readBody(exchange, maxBodyBytes, fcPath)
                .ifPresent(body -> invoke(exchange, found.function(), request(exchange, found, headers, body))));
    }

    private InvokeRequest request(HttpServerExchange exchange, Route.Found found, Map<String, List<String>> headers, byte[] body) {
        String requestId = Exchanges.requestId(exchange);
        return InvokeRequest.event(requestId, HttpEvent.event(snapshot(exchange, found, headers, body, requestId)));
    }

    private HttpEvent.Request snapshot(HttpServerExchange exchange, Route.Found found, Map<String, List<String>> forwarded, byte[] body,
            String requestId) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        Map<String, List<String>> headers = new LinkedHashMap<>(forwarded);
        headers.remove("x-forwarded-host");
        if (host != null) {
            headers.put("Host", List.of(host));
        }
        String rawPath = found.seen(exchange.getRequestURI());
        if (found.basePath().isPresent() && rawPath.startsWith(found.basePath().get())) {
            rawPath = "/" + rawPath.substring(found.basePath().get().length());
        } else if (found.basePath().isPresent()) {
            rawPath = "/";
        }
        InetSocketAddress peer = exchange.getSourceAddress();
        String sourceIp = peer == null || peer.getAddress() == null ? "" : peer.getAddress().getHostAddress();
        return new HttpEvent.Request(exchange.getRequestMethod().toString(), rawPath,
                Optional.ofNullable(exchange.getQueryString()).orElse(""), headers, body, sourceIp, exchange.getProtocol().toString(),
                host, requestId, InstanceEnvironment.ACCOUNT_ID, clock.instant());
    }

    /** On a worker thread: the call, waiting for a slot if needed. */
    private void invoke(HttpServerExchange exchange, String function, InvokeRequest request) {
        Invocation inv;
        try {
            inv = scheduler.invoke(function, request);
        } catch (PlatformException e) {
            ANSWER.platformError(exchange, e);
            return;
        }
        Forwarding.served(exchange, inv.instanceId(), inv.coldStart(), inv.queueWait());
        reply(exchange, inv.response().errorType(), inv.response().body());
    }

    /** FC 3.0's answers for an HTTP event: the mapped result, or a function error as a 502 with its JSON. */
    static final Answer ANSWER = new Answer() {
        @Override
        public boolean passesThrough() {
            return false;
        }

        @Override
        public void whole(HttpServerExchange exchange, Lease lease, int status, Map<String, List<String>> headers,
                Optional<String> errorType, byte[] body) {
            Forwarding.served(exchange, lease.instanceId(), lease.coldStart(), lease.queueWait());
            reply(exchange, errorType, body);
        }

        @Override
        public void head(HttpServerExchange exchange, Lease lease, int status, Map<String, List<String>> headers) {
            throw new IllegalStateException("an HTTP event's result is read whole");
        }

        @Override
        public void platformError(HttpServerExchange exchange, PlatformException e) {
            HttpTriggerHandler.ANSWER.platformError(exchange, e);
        }
    };

    private static void reply(HttpServerExchange exchange, Optional<String> errorType, byte[] result) {
        if (errorType.isPresent()) {
            Forwarding.sendFunctionError(exchange, 502, errorType.get(), result);
            return;
        }
        Optional<HttpEvent.Reply> reply = HttpEvent.answer(result);
        if (reply.isEmpty()) {
            Exchanges.sendError(exchange, ErrorResponse.of(502, "BadResponse", "the function's response is malformed: statusCode must be"
                    + " a number 100-599, and body valid base64 when isBase64Encoded is true"));
            return;
        }
        reply.get().headers().forEach((name, value) -> {
            HttpString header = HttpString.tryFromString(name);
            if (header != null && HeaderNames.forwardResponse(name) && RequestHead.safe(value)) {
                exchange.getResponseHeaders().put(header, value);
            }
        });
        exchange.setStatusCode(reply.get().status());
        Forwarding.sendFromIoThread(exchange, reply.get().body());
    }
}
