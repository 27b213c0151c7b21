package io.localfaas.gateway;

import java.util.Optional;

import io.localfaas.Leased;
import io.localfaas.Scheduler;
import io.localfaas.failure.PlatformException;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.gateway.upstream.UpstreamConnections;
import io.localfaas.protocol.InvokeRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;

/**
 * The gateway's fast path: a request whose body is in hand and that finds a free slot at once is served by a
 * {@link DirectCall} on its connection's I/O thread; everything else goes the worker's way, which waits for a slot
 * (and starts instances). Off ({@link GatewayOptions#directCalls()}), every request goes the worker's way.
 */
final class DirectCalls {
    private final Scheduler scheduler;
    private final Optional<UpstreamConnections> connections;
    private final long writeTimeoutMillis;
    private final GatewayMetrics metrics;

    /**
     * @param writeTimeout how long a client may take nothing of an answer being passed through
     * @param metrics      counts the calls by way ({@code localfaas_gateway_calls_total}), so that a silent fall back
     *                     to the worker's way shows
     */
    DirectCalls(Scheduler scheduler, boolean enabled, java.time.Duration writeTimeout, GatewayMetrics metrics) {
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.writeTimeoutMillis = writeTimeout.toMillis();
        this.connections = enabled ? Optional.of(new UpstreamConnections()) : Optional.empty();
    }

    /**
     * On the exchange's I/O thread, the request's body in hand: the call through {@link #tryStart}, or else
     * {@code workerWay} on a worker thread. The exchange is first dispatched to this same thread, so that Undertow
     * does not end it when the handler returns while the call is still under way.
     */
    void forward(HttpServerExchange exchange, String function, InvokeRequest request, Answer answer, Runnable workerWay) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            if (tryStart(exchange, function, request, answer)) {
                metrics.call("direct");
            } else {
                metrics.call("worker");
                Forwarding.onWorker(exchange, workerWay);
            }
        });
    }

    /**
     * On the exchange's I/O thread: when the fast path is on and an instance of {@code function} has a free slot now,
     * sends {@code request} there and returns true (the exchange is then answered through {@code answer}); otherwise
     * returns false and the caller goes the worker's way.
     */
    private boolean tryStart(HttpServerExchange exchange, String function, InvokeRequest request, Answer answer) {
        if (connections.isEmpty()) {
            return false;
        }
        Optional<Leased> leased;
        try {
            leased = scheduler.tryAcquire(function);
        } catch (PlatformException e) {
            return false; // an unknown function: the worker's way answers it
        }
        leased.ifPresent(l -> DirectCall.start(exchange, scheduler, l, connections.get(), writeTimeoutMillis, request, answer));
        return leased.isPresent();
    }
}
