package io.localfaas.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import io.localfaas.Scheduler;
import io.localfaas.spec.AppSpec;
import io.localfaas.gateway.async.AsyncInvoker;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Methods;
import org.xnio.Options;

/**
 * The Undertow server in front of the scheduler. {@link #start()} binds; port 0 picks a free port. Paths:
 * {@code /healthz}, {@code /metrics}, the admin API under {@code /system/}, and everything else routed to functions.
 * I/O threads only parse, check limits and dispatch; invocations run on worker threads.
 */
public final class GatewayServer implements AutoCloseable {
    private final Undertow server;
    private final GatewayOptions options;
    private final AsyncInvoker async;
    private final Scheduler scheduler;
    private final InvokeHandler invoker;
    private final AdminHandler admin;

    /** A gateway with FC's default limits, no admin API and metrics not fed by scheduler events. */
    public GatewayServer(Scheduler scheduler, String host, int port) {
        this(scheduler, GatewayOptions.defaults(host, port), new GatewayMetrics(), Clock.systemUTC());
    }

    /** Log tails from the backend's last lines of the instance. */
    public GatewayServer(Scheduler scheduler, GatewayOptions options, GatewayMetrics metrics, Clock clock) {
        this(scheduler, options, metrics, LogTailSource.backendLogs(scheduler), clock);
    }

    /**
     * @param metrics pass the same instance to the {@link Scheduler} as its listener to count cold starts
     * @param logs    where {@code X-Fc-Log-Type: Tail} reads an invocation's output
     */
    public GatewayServer(Scheduler scheduler, GatewayOptions options, GatewayMetrics metrics, LogTailSource logs, Clock clock) {
        this.options = options;
        InvokeHandler[] invoke = new InvokeHandler[1];
        this.async = new AsyncInvoker((fn, id, event, retry) -> invoke[0].runAsync(fn, id, event, retry), clock,
                options.asyncQueueCapacity(), options.asyncWorkers(), options.asyncRetries(), options.asyncBackoff(),
                options.asyncResultsKept(), options.deadLettersKept());
        invoke[0] = new InvokeHandler(scheduler, options, async, logs, clock);
        this.scheduler = scheduler;
        this.invoker = invoke[0];
        this.admin = new AdminHandler(scheduler, async, metrics, options.adminToken());
        metrics.bind(scheduler, async::queueDepth);
        PathHandler paths = new PathHandler(invoke[0])
                .addExactPath("/healthz", healthz())
                .addExactPath("/metrics", metrics(metrics))
                .addPrefixPath(AdminHandler.PREFIX, admin);
        HttpHandler root = new RequestGuard(paths, metrics, options.maxHeaderBytes(), options.maxPathQueryBytes());
        int connections = options.maxConnections();
        this.server = Undertow.builder()
                .addHttpListener(options.port(), options.host())
                .setWorkerThreads(options.workerThreads())
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, options.maxBodyBytes() + 1024 * 1024)
                // Undertow's own hard limit sits above ours, so that requests between the two get a JSON 400.
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, options.maxHeaderBytes() + options.maxPathQueryBytes() + 4096)
                .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, false)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) options.requestParseTimeout().toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) options.idleTimeout().toMillis())
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, (int) options.idleTimeout().toMillis())
                .setSocketOption(Options.READ_TIMEOUT, (int) options.readTimeout().toMillis())
                // A client that stops reading a streamed response cannot hold a worker (its slot goes at the function's timeout).
                .setSocketOption(Options.WRITE_TIMEOUT, (int) options.readTimeout().toMillis())
                .setSocketOption(Options.CONNECTION_HIGH_WATER, connections)
                .setSocketOption(Options.CONNECTION_LOW_WATER, Math.max(1, connections * 9 / 10))
                .setHandler(root)
                .build();
    }

    private static HttpHandler healthz() {
        return exchange -> {
            if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
                Exchanges.header(exchange, "Allow", "GET, HEAD");
                Exchanges.sendError(exchange, ErrorResponse.of(405, "MethodNotAllowed", "/healthz accepts GET, HEAD"));
                return;
            }
            Exchanges.send(exchange, 200, "application/json", "{\"status\":\"ok\"}\n".getBytes(StandardCharsets.UTF_8));
        };
    }

    private static HttpHandler metrics(GatewayMetrics metrics) {
        return exchange -> {
            if (!exchange.getRequestMethod().equals(Methods.GET)) {
                Exchanges.header(exchange, "Allow", "GET");
                Exchanges.sendError(exchange, ErrorResponse.of(405, "MethodNotAllowed", "/metrics accepts GET"));
                return;
            }
            if (exchange.isInIoThread()) {
                exchange.dispatch(metrics(metrics));
                return;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                metrics.write(out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Exchanges.send(exchange, 200, metrics.contentType(), out.toByteArray());
        };
    }

    /** Applies a new configuration to the scheduler (see {@link Scheduler#reload}), then routes to its functions. */
    public Scheduler.Reload reload(AppSpec app) {
        Scheduler.Reload result = scheduler.reload(app);
        invoker.refresh(scheduler.functions());
        return result;
    }

    /**
     * What {@code POST /system/reload} runs: reads the configuration again and applies it through {@link #reload};
     * empty when the file was refused. Without one the admin API has no reload.
     */
    public void adminReload(Supplier<Optional<Scheduler.Reload>> reloader) {
        admin.reloader(reloader);
    }

    public void start() {
        server.start();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    public String baseUrl() {
        String host = options.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    @Override
    public void close() {
        server.stop();
        async.close();
    }
}
