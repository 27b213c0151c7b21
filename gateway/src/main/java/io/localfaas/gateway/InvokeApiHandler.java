package io.localfaas.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.failure.PlatformException;
import io.localfaas.gateway.async.AsyncInvoker;
import io.localfaas.port.Calls;
import io.localfaas.port.Slot;
import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.spec.AuthSpec;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;

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

    private final FunctionRoutes routes;
    private final GatewayOptions options;
    private final AsyncInvoker async;
    private final LogTailSource logSource;
    private final CallPath path;

    InvokeApiHandler(FunctionRoutes routes, GatewayOptions options, AsyncInvoker async, LogTailSource logSource, CallPath path) {
        this.path = path;
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
        Forwarding.receive(exchange, limit, true, body -> {
            String requestId = Exchanges.requestId(exchange);
            if (isAsync) {
                Forwarding.onWorker(exchange, () -> enqueue(exchange, function, requestId, body));
            } else {
                path.forward(exchange, function, InvokeRequest.event(requestId, body),
                        tail(exchange) ? new Tailed(function, requestId) : FcAnswer.INVOKE_API);
            }
        });
    }

    private static boolean tail(HttpServerExchange exchange) {
        return "Tail".equalsIgnoreCase(exchange.getRequestHeaders().getFirst(LOG_TYPE));
    }

    private void enqueue(HttpServerExchange exchange, String function, String requestId, byte[] body) {
        if (async.submit(function, requestId, body)) {
            Exchanges.send(exchange, 202, null, new byte[0]);
        } else {
            Exchanges.sendError(exchange, new ErrorResponse(429, "ResourceExhausted", "the async invocation queue is full ("
                    + options.asyncQueueCapacity() + ")", Optional.of(Duration.ofSeconds(1))));
        }
    }

    /**
     * The invoke API's answer with {@code X-Fc-Log-Result}: the call's log lines, waited for (up to
     * {@link #LOG_TAIL_WAIT}) on a worker thread once the answer is in hand.
     */
    private final class Tailed implements Answer {
        private final String function;
        private final String requestId;

        Tailed(String function, String requestId) {
            this.function = function;
            this.requestId = requestId;
        }

        @Override
        public boolean passesThrough() {
            return false;
        }

        @Override
        public void whole(HttpServerExchange exchange, Slot slot, int status, HeaderMap headers, Optional<String> errorType,
                byte[] body) {
            Forwarding.onWorker(exchange, () -> {
                Exchanges.header(exchange, LOG_RESULT, Base64.getEncoder().encodeToString(
                        LogTail.extract(logSource.awaitEnd(function, slot.instanceId(), requestId, LOG_TAIL_WAIT), requestId, LogTail.MAX_BYTES)
                                .getBytes(StandardCharsets.UTF_8)));
                FcAnswer.INVOKE_API.whole(exchange, slot, status, headers, errorType, body);
            });
        }

        @Override
        public void head(HttpServerExchange exchange, Slot slot, int status, HeaderMap headers) {
            FcAnswer.INVOKE_API.head(exchange, slot, status, headers);
        }

        @Override
        public void platformError(HttpServerExchange exchange, PlatformException e) {
            FcAnswer.INVOKE_API.platformError(exchange, e);
        }
    }

    /** One async attempt, run by the async workers: like a sync invoke, with {@code x-fc-retry-count}. */
    static AsyncInvoker.Attempt attempt(Calls calls, String function, String requestId, byte[] event, int retryCount) {
        InvokeRequest request = new InvokeRequest(requestId, ControlPath.INVOKE, "POST", ControlPath.INVOKE.path(),
                Map.of(RETRY_COUNT, List.of(Integer.toString(retryCount))), event, Optional.empty(), Optional.empty());
        try {
            Calls.Answered r = calls.invoke(function, request);
            return r.errorType().isPresent()
                    ? AsyncInvoker.Attempt.failed(Optional.of(r.instanceId()), r.errorType().get(), r.body())
                    : AsyncInvoker.Attempt.succeeded(r.instanceId(), r.body());
        } catch (PlatformException e) {
            return AsyncInvoker.Attempt.failed(Optional.empty(), ErrorResponse.from(e).errorCode(),
                    e.getMessage().getBytes(StandardCharsets.UTF_8));
        }
    }
}
