package io.localfaas.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.localfaas.failure.PlatformException;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.gateway.upstream.H2cConnections;
import io.localfaas.gateway.upstream.UpstreamConnections;
import io.localfaas.port.Calls;
import io.localfaas.port.Happened;
import io.localfaas.port.Slot;
import io.localfaas.protocol.InvokeRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import org.xnio.IoUtils;

/**
 * The gateway's one way to call an instance: on the exchange's I/O thread, a slot taken at once
 * ({@link Calls#tryTake}) starts the {@link InstanceCall} right there; when no instance has room now, a worker thread
 * waits for a slot ({@link Calls#take}: a queue, a cold start) and hands the call back to the I/O thread. Nothing else
 * ever runs on a worker; the calls are counted by whether their slot was free at once
 * ({@code localfaas_gateway_calls_total{way="direct|waited"}}).
 */
final class CallPath {
    static final String DIRECT = "direct";
    static final String WAITED = "waited";

    private final Calls calls;
    private final UpstreamConnections connections = new UpstreamConnections();
    private final H2cConnections h2c = new H2cConnections();
    private final Upgrades upgrades = new Upgrades();
    private final long writeTimeoutMillis;
    private final GatewayMetrics metrics;

    /**
     * @param writeTimeout how long a client may take nothing of an answer being passed through
     * @param metrics      counts the calls by way ({@code localfaas_gateway_calls_total})
     */
    CallPath(Calls calls, Duration writeTimeout, GatewayMetrics metrics) {
        this.calls = calls;
        this.metrics = metrics;
        this.writeTimeoutMillis = writeTimeout.toMillis();
    }

    /** On the exchange's I/O thread, the request's body in {@code request}: the call, answered through {@code answer}. */
    void forward(HttpServerExchange exchange, String function, InvokeRequest request, Answer answer) {
        go(exchange, function, request, null, OptionalLong.empty(), false, answer);
    }

    /** As {@link #forward(HttpServerExchange, String, InvokeRequest, Answer)}, with the client's own headers passed on. */
    void forward(HttpServerExchange exchange, String function, InvokeRequest request, ClientHeaders client, Answer answer) {
        go(exchange, function, request, client, OptionalLong.empty(), false, answer);
    }

    /**
     * On the exchange's I/O thread, for a request without a body that asks to switch to WebSocket
     * ({@link Upgrades#asked}): the call, passed on with its upgrade; when the instance switches, the connection is relayed
     * both ways and its slot held until it closes.
     */
    void upgrade(HttpServerExchange exchange, String function, InvokeRequest request, ClientHeaders client, Answer answer) {
        go(exchange, function, request, client, OptionalLong.empty(), true, answer);
    }

    /**
     * On the exchange's I/O thread, before any of the request's body was read, for a gRPC call ({@link Grpc#asked}): the
     * call, as a stream on an HTTP/2 cleartext connection to the instance, its messages passed through both ways
     * ({@link GrpcCall}); the gateway's errors are answered as gRPC statuses.
     */
    void grpc(HttpServerExchange exchange, String function, InvokeRequest request) {
        go(exchange, function, slot -> GrpcCall.start(exchange, calls, slot, h2c, writeTimeoutMillis, request),
                e -> Exchanges.sendError(exchange, ErrorResponse.from(e)));
    }

    /** The upgraded connections open now (the drain counts and cuts them). */
    Upgrades upgrades() {
        return upgrades;
    }

    /**
     * On the exchange's I/O thread, before any of the request's body was read: the call, its body of {@code length}
     * bytes passed through from the client as it arrives.
     */
    void forwardStreaming(HttpServerExchange exchange, String function, InvokeRequest request, long length, ClientHeaders client,
            Answer answer) {
        go(exchange, function, request, client, OptionalLong.of(length), false, answer);
    }

    /**
     * The exchange is first dispatched to this same thread, so that Undertow does not end it when the handler returns
     * while the call is still under way. {@code client}: the client's headers to pass on from the exchange (null: the
     * request's own).
     */
    private void go(HttpServerExchange exchange, String function, InvokeRequest request, ClientHeaders client, OptionalLong streamed,
            boolean upgrade, Answer answer) {
        go(exchange, function, slot -> InstanceCall.start(exchange, calls, slot, connections, writeTimeoutMillis, request, client, streamed,
                upgrade, upgrades, answer), e -> answer.platformError(exchange, e));
    }

    /**
     * Takes a slot for {@code function} and runs {@code call} with it on the exchange's I/O thread, or answers
     * {@code refused} when none came.
     */
    private void go(HttpServerExchange exchange, String function, Consumer<Slot> call, Consumer<PlatformException> refused) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            Optional<Slot> slot;
            try {
                slot = calls.tryTake(function);
            } catch (PlatformException e) {
                refused.accept(e);
                return;
            }
            if (slot.isPresent()) {
                metrics.call(DIRECT);
                call.accept(slot.get());
                return;
            }
            metrics.call(WAITED);
            Forwarding.onWorker(exchange, () -> {
                Slot taken;
                try {
                    taken = calls.take(function);
                } catch (PlatformException e) {
                    refused.accept(e);
                    return;
                }
                try {
                    exchange.getIoThread().execute(() -> call.accept(taken));
                } catch (RejectedExecutionException e) {
                    calls.give(taken, Happened.CLIENT_GONE); // the server is stopping: the call never went out
                    IoUtils.safeClose(exchange.getConnection());
                }
            });
        });
    }
}
