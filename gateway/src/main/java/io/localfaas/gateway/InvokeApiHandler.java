package io.localfaas.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.Invocation;
import io.localfaas.Scheduler;
import io.localfaas.failure.PlatformException;
import io.localfaas.gateway.async.AsyncInvoker;
import io.localfaas.pool.Lease;
import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.InvokeResponse;
import io.localfaas.spec.AuthSpec;
import io.undertow.server.HttpServerExchange;

/**
 * FC's invoke API: an event invocation. {@code Sync}: the result, or a function error as 200 with
 * {@code X-Fc-Error-Type} (FC); {@code Async}: 202 and the bounded async queue, whose attempts {@link #attempt} runs.
 */
final class InvokeApiHandler {
    static final String INVOCATION_TYPE = "X-Fc-Invocation-Type";
    static final String LOG_TYPE = "X-Fc-Log-Type";
    static final String LOG_RESULT = "X-Fc-Log-Result";
    static final String RETRY_COUNT = "x-fc-retry-count";
    private static final Duration LOG_TAIL_WAIT = Duration.ofSeconds(2);

    private final Scheduler scheduler;
    private final FunctionRoutes routes;
    private final GatewayOptions options;
    private final AsyncInvoker async;
    private final LogTailSource logSource;
    private final DirectCalls direct;

    InvokeApiHandler(Scheduler scheduler, FunctionRoutes routes, GatewayOptions options, AsyncInvoker async, LogTailSource logSource,
            DirectCalls direct) {
        this.direct = direct;
        this.scheduler = scheduler;
        this.routes = routes;
        this.options = options;
        this.async = async;
        this.logSource = logSource;
    }

    /** On the I/O thread. */
    void handle(HttpServerExchange exchange, String function) {
        List<AuthSpec> jwt = routes.jwtTriggersOf(function);
        if (!jwt.isEmpty()) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (jwt.stream().noneMatch(a -> routes.verifier(a).verify(authorization).isPresent())) {
                Exchanges.sendError(exchange, ErrorResponse.INVALID_TOKEN);
                return;
            }
        }
        String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst(INVOCATION_TYPE)).orElse("Sync");
        boolean isAsync = type.equalsIgnoreCase("Async");
        if (!isAsync && !type.equalsIgnoreCase("Sync")) {
            Exchanges.sendError(exchange, ErrorResponse.invalidArgument(INVOCATION_TYPE + " must be Sync or Async, not '"
                    + Router.printable(type) + "'"));
            return;
        }
        long limit = isAsync ? options.maxAsyncBodyBytes() : options.maxBodyBytes();
        if (Forwarding.smallBody(exchange, limit)) {
            Forwarding.receiveSmall(exchange, body -> invokeSmall(exchange, function, isAsync, body));
        } else {
            Forwarding.onWorker(exchange, () -> Forwarding.readBody(exchange, limit, true)
                    .ifPresent(body -> invoke(exchange, function, isAsync, body)));
        }
    }

    /**
     * On the I/O thread, a small body in hand: a plain sync call stays on this thread when an instance has a free slot
     * now ({@link DirectCall}); the rest (async, a log tail, waiting for a slot) goes to a worker.
     */
    private void invokeSmall(HttpServerExchange exchange, String function, boolean isAsync, byte[] body) {
        if (isAsync || tail(exchange)) {
            Forwarding.onWorker(exchange, () -> invoke(exchange, function, isAsync, body));
            return;
        }
        direct.forward(exchange, function, InvokeRequest.event(Exchanges.requestId(exchange), body), ANSWER,
                () -> invoke(exchange, function, false, body));
    }

    private static boolean tail(HttpServerExchange exchange) {
        return "Tail".equalsIgnoreCase(exchange.getRequestHeaders().getFirst(LOG_TYPE));
    }

    /** On a worker thread. */
    private void invoke(HttpServerExchange exchange, String function, boolean isAsync, byte[] body) {
        String requestId = Exchanges.requestId(exchange);
        if (isAsync) {
            if (async.submit(function, requestId, body)) {
                Exchanges.send(exchange, 202, null, new byte[0]);
            } else {
                Exchanges.sendError(exchange, new ErrorResponse(429, "ResourceExhausted", "the async invocation queue is full ("
                        + options.asyncQueueCapacity() + ")", Optional.of(Duration.ofSeconds(1))));
            }
            return;
        }
        Invocation inv;
        try {
            inv = scheduler.invoke(function, InvokeRequest.event(requestId, body));
        } catch (PlatformException e) {
            ANSWER.platformError(exchange, e);
            return;
        }
        Forwarding.served(exchange, inv.instanceId(), inv.coldStart(), inv.queueWait());
        if (tail(exchange)) {
            Exchanges.header(exchange, LOG_RESULT, Base64.getEncoder().encodeToString(
                    LogTail.extract(logSource.awaitEnd(function, inv.instanceId(), requestId, LOG_TAIL_WAIT), requestId, LogTail.MAX_BYTES)
                            .getBytes(StandardCharsets.UTF_8)));
        }
        InvokeResponse r = inv.response();
        sendResult(exchange, r.headers(), r.errorType(), r.body());
    }

    /** FC's answers on the invoke API: 200 with the result, or with {@code X-Fc-Error-Type} and the function's error JSON. */
    static final Answer ANSWER = new Answer() {
        @Override
        public boolean passesThrough() {
            return false;
        }

        @Override
        public void whole(HttpServerExchange exchange, Lease lease, int status, Map<String, List<String>> headers,
                Optional<String> errorType, byte[] body) {
            Forwarding.served(exchange, lease.instanceId(), lease.coldStart(), lease.queueWait());
            sendResult(exchange, headers, errorType, body);
        }

        @Override
        public void head(HttpServerExchange exchange, Lease lease, int status, Map<String, List<String>> headers) {
            throw new IllegalStateException("the invoke API reads every answer whole");
        }

        @Override
        public void platformError(HttpServerExchange exchange, PlatformException e) {
            if (e.kind() == PlatformException.Kind.INIT_FAILED && e.functionErrorBody().isPresent()) {
                // FC3: a failed initializer answers the invoke API 200 with X-Fc-Error-Type: InitializationError.
                Forwarding.sendFunctionError(exchange, 200, "InitializationError", e.functionErrorBody().get());
            } else {
                Exchanges.sendError(exchange, ErrorResponse.from(e));
            }
        }
    };

    private static void sendResult(HttpServerExchange exchange, Map<String, List<String>> headers, Optional<String> errorType, byte[] body) {
        if (errorType.isPresent()) {
            Forwarding.sendFunctionError(exchange, 200, errorType.get(), body);
            return;
        }
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Exchanges.CONTENT_TYPE, headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("content-type")).flatMap(h -> h.getValue().stream()).findFirst()
                .orElse("application/octet-stream"));
        Forwarding.sendFromIoThread(exchange, body);
    }

    /** One async attempt, run by the async workers: like a sync invoke, with {@code x-fc-retry-count}. */
    static AsyncInvoker.Attempt attempt(Scheduler scheduler, String function, String requestId, byte[] event, int retryCount) {
        InvokeRequest request = new InvokeRequest(requestId, ControlPath.INVOKE, "POST", ControlPath.INVOKE.path(),
                Map.of(RETRY_COUNT, List.of(Integer.toString(retryCount))), event, Optional.empty(), Optional.empty());
        try {
            Invocation inv = scheduler.invoke(function, request);
            InvokeResponse r = inv.response();
            return r.isFunctionError()
                    ? AsyncInvoker.Attempt.failed(Optional.of(inv.instanceId()), r.errorType().get(), r.body())
                    : AsyncInvoker.Attempt.succeeded(inv.instanceId(), r.body());
        } catch (PlatformException e) {
            return AsyncInvoker.Attempt.failed(Optional.empty(), ErrorResponse.from(e).errorCode(),
                    e.getMessage().getBytes(StandardCharsets.UTF_8));
        }
    }
}
