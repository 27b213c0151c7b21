package io.localfaas.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.localfaas.gateway.async.AsyncInvoker;
import io.localfaas.gateway.dashboard.DashboardHandler;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.gateway.metrics.SchedulerGauges;
import io.localfaas.port.Platform;
import io.localfaas.port.Reload;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Methods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * The Undertow server in front of the scheduler. {@link #start()} binds; port 0 picks a free port. Paths:
 * {@code /healthz}, {@code /metrics}, the admin API under {@code /system/} (with the live dashboard at
 * {@code /system/dashboard}), and everything else routed to functions
 * ({@link RouteHandler}: the HTTP-trigger path and the invoke-API path, which share one {@link Forwarding} step).
 * I/O threads parse, check limits and read small bodies; calls to instances run on worker threads.
 * <p>
 * Shutdown is {@link #drain} then {@link #close}: the listener closes first (new clients are refused), every request
 * already accepted is answered, each with {@code Connection: close}, and idle keep-alive connections are closed.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    /** How long {@link #close} waits for answers still being written (errors of requests cut off by the shutdown). */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Listener server;
    private final XnioWorker worker;
    private final GatewayMetrics metrics;
    /** Undertow's default buffers for a heap above 128 MB (its builder's choice), shared by the listeners. */
    private final ByteBufferPool buffers = new DefaultByteBufferPool(true, 1024 * 16 - 20, -1, 4);
    private final GatewayOptions options;
    private final AsyncInvoker async;
    private final Platform scheduler;
    private final FunctionRoutes routes;
    private final AdminHandler admin;
    private final DashboardHandler dashboard;
    private final RequestGuard guard;
    /** Function routes alone, behind their own guard: what instances see on their listener. */
    private final RequestGuard functionsOnly;
    /** Upgraded (WebSocket) connections: in flight for the drain, cut when its grace is over. */
    private final Upgrades upgrades;
    private volatile Listener instanceServer;
    private volatile int port = -1;

    /** A gateway with FC's default limits, no admin API and metrics not fed by scheduler events. */
    public GatewayServer(Platform scheduler, String host, int port) {
        this(scheduler, GatewayOptions.defaults(host, port), new GatewayMetrics(), Clock.systemUTC());
    }

    /** Log tails from the backend's last lines of the instance; no reload through the admin API. */
    public GatewayServer(Platform scheduler, GatewayOptions options, GatewayMetrics metrics, Clock clock) {
        this(scheduler, options, metrics, LogTailSource.backendLogs(scheduler), Optional.empty(), clock);
    }

    /**
     * @param metrics     pass the same instance to the scheduler as its listener to count cold starts
     * @param logs        where {@code X-Fc-Log-Type: Tail} reads an invocation's output
     * @param adminReload what {@code POST /system/reload} runs: reads the configuration again and applies it to the
     *                    scheduler (whose new functions the gateway then routes to), answering empty when the file
     *                    was refused; without one the admin API has no reload
     */
    public GatewayServer(Platform scheduler, GatewayOptions options, GatewayMetrics metrics, LogTailSource logs,
            Optional<Supplier<Optional<Reload>>> adminReload, Clock clock) {
        this.options = options;
        this.scheduler = scheduler;
        this.async = new AsyncInvoker((fn, id, event, retry) -> InvokeApiHandler.attempt(scheduler.calls(), fn, id, event, retry), clock,
                options.asyncQueueCapacity(), options.asyncWorkers(), options.asyncRetries(), options.asyncBackoff(),
                options.asyncResultsKept(), options.deadLettersKept());
        this.routes = new FunctionRoutes(scheduler::functions, clock, options.hostRouting());
        this.dashboard = new DashboardHandler(scheduler, metrics.activity(), clock);
        this.admin = new AdminHandler(scheduler, async, metrics, options.adminToken(), adminReload, dashboard, loopback(options.host()));
        SchedulerGauges.register(metrics, scheduler, async::queueDepth);
        CallPath path = new CallPath(scheduler.calls(), options.readTimeout(), metrics);
        this.upgrades = path.upgrades();
        RouteHandler functions = new RouteHandler(routes, new HttpTriggerHandler(routes, options.maxBodyBytes(), path,
                new HttpEventHandler(options.maxBodyBytes(), path, clock)),
                new InvokeApiHandler(routes, options, async, logs, path));
        PathHandler paths = new PathHandler(functions)
                .addExactPath("/healthz", healthz())
                .addExactPath("/metrics", metricsGate(options, metrics(metrics)))
                .addPrefixPath(AdminHandler.PREFIX, admin);
        this.guard = new RequestGuard(paths, metrics, options.maxHeaderBytes(), options.maxPathQueryBytes());
        this.functionsOnly = new RequestGuard(functions, metrics, options.maxHeaderBytes(), options.maxPathQueryBytes());
        this.worker = worker(options);
        this.metrics = metrics;
        this.server = new Listener(options.host(), options.port(), guard);
    }

    /**
     * A listener on this server's worker with the gateway's limits and timeouts (the main one, and the one for
     * instances), built as {@link Undertow#start()} builds an HTTP listener, except that every accepted connection
     * passes through a {@link ConnectionCap} first (Undertow's builder has no place for that).
     */
    private final class Listener {
        private final InetSocketAddress address;
        private final OptionMap socketOptions;
        private final ChannelListener<StreamConnection> accepting;
        private final ConnectionCap cap;
        private volatile AcceptingChannel<StreamConnection> channel;

        Listener(String host, int port, HttpHandler handler) {
            int connections = options.maxConnections();
            ConnectionCap cap = new ConnectionCap(connections, metrics::idleConnectionClosed);
            OptionMap undertowOptions = OptionMap.builder()
                    .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                    // HTTP/2 cleartext by prior knowledge beside HTTP/1.1 (what gRPC clients send). Built without
                    // Undertow's builder, the listener gets no handler for HTTP/1.1's Upgrade: h2c, which clients such
                    // as the JDK's send unasked: their requests stay HTTP/1.1.
                    .set(UndertowOptions.ENABLE_HTTP2, true)
                    .set(UndertowOptions.MAX_ENTITY_SIZE, options.maxBodyBytes() + 1024 * 1024)
                    // Undertow's own hard limit sits above ours, so that requests between the two get a JSON 400.
                    .set(UndertowOptions.MAX_HEADER_SIZE, options.maxHeaderBytes() + options.maxPathQueryBytes() + 4096)
                    .set(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, false)
                    // A request head must arrive whole within this deadline from its first byte, or the connection closes.
                    .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) options.requestParseTimeout().toMillis())
                    .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) options.idleTimeout().toMillis())
                    .set(UndertowOptions.IDLE_TIMEOUT, (int) options.idleTimeout().toMillis())
                    .getMap();
            OptionMap socketOptions = OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.REUSE_ADDRESSES, true)
                    .set(Options.BACKLOG, 1000)
                    .set(Options.READ_TIMEOUT, (int) options.readTimeout().toMillis())
                    // A client that stops reading is given up on (passed-through answers also watch their own progress).
                    .set(Options.WRITE_TIMEOUT, (int) options.readTimeout().toMillis())
                    .getMap();
            // No XNIO high/low water marks: they are shared out among the I/O threads, each pausing on its own share,
            // so a connection closed on one thread did not let the other accept. The cap counts them all.
            HttpOpenListener open = new HttpOpenListener(buffers, undertowOptions);
            open.setRootHandler(cap.marking(handler));
            this.cap = cap;
            this.accepting = cap.accepting(open);
            this.socketOptions = socketOptions;
            this.address = new InetSocketAddress(host, port);
        }

        /** Binds and accepts. */
        void start() {
            try {
                AcceptingChannel<StreamConnection> c = worker.createStreamConnectionServer(address,
                        ChannelListeners.openListenerAdapter(accepting), socketOptions);
                cap.pauses(c);
                c.resumeAccepts();
                channel = c;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
            }
        }

        int port() {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        }

        /** Closes the listening socket (the connections it accepted stay). */
        void stop() {
            IoUtils.safeClose(channel);
        }
    }

    /**
     * The server's own XNIO worker (I/O threads and worker threads): owning it lets {@link #drain} close the listener
     * while the connections it accepted are still served.
     */
    private static XnioWorker worker(GatewayOptions options) {
        int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        try {
            return Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                    .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                    .set(Options.WORKER_TASK_CORE_THREADS, options.workerThreads())
                    .set(Options.WORKER_TASK_MAX_THREADS, options.workerThreads())
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gateway's I/O threads", e);
        }
    }

    /** Whether {@code host} names only this machine (a loopback address or a name for one). */
    static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
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

    /**
     * {@code /metrics} as the admin API guards itself off loopback: a gateway listening on other addresses serves it
     * only with {@code Authorization: Bearer <admin token>}, and not at all without a token.
     */
    private static HttpHandler metricsGate(GatewayOptions options, HttpHandler metrics) {
        if (loopback(options.host())) {
            return metrics;
        }
        java.util.Optional<byte[]> expected = options.adminToken().map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
        return exchange -> {
            if (expected.isEmpty()) {
                Exchanges.sendError(exchange, ErrorResponse.of(404, "NotFound", "/metrics is off on this address: set platform.adminToken"));
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !java.security.MessageDigest.isEqual(expected.get(), auth.getBytes(StandardCharsets.UTF_8))) {
                Exchanges.sendError(exchange, ErrorResponse.INVALID_TOKEN);
                return;
            }
            metrics.handleRequest(exchange);
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

    public void start() {
        server.start();
        port = server.port();
    }

    /**
     * Opens a second listener on {@code host} (the host's address on the instances' network) on a free port, serving
     * the function routes only (no admin API, dashboard or metrics: instances are not the local user), so that functions
     * in network namespaces of their own call each other through the gateway and reach nothing else of the host.
     *
     * @return the bound port
     */
    public synchronized int listenForInstances(String host) {
        if (instanceServer == null) {
            Listener s = new Listener(host, 0, functionsOnly);
            s.start();
            instanceServer = s;
        }
        return instanceServer.port();
    }

    private void stopInstanceListener() {
        Listener s = instanceServer;
        if (s != null) {
            s.stop();
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return port;
    }

    public String baseUrl() {
        String host = options.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /**
     * First half of a clean stop: closes the listener, so that new clients are refused, and waits until every request
     * already accepted was answered, at most {@code grace}. From now on every answer carries {@code Connection: close}
     * and ends its connection; requests still waiting for an instance keep waiting (the scheduler serves them or, once
     * it shuts down, they get a JSON 503).
     *
     * @return whether every accepted request was answered within {@code grace}
     */
    public boolean drain(Duration grace) {
        // The listener closes before any answer says Connection: close, so that no client reconnects into a backlog
        // that is about to be dropped.
        server.stop();
        stopInstanceListener();
        dashboard.close(); // its event streams never end by themselves
        guard.startDraining();
        functionsOnly.startDraining();
        long t0 = System.nanoTime();
        boolean done = guard.awaitIdle(grace);
        if (!done) {
            LOG.warn("{} request(s) still running after the drain grace period of {}ms", guard.inFlight(), grace.toMillis());
        }
        if (!upgrades.awaitNone(grace.minusNanos(System.nanoTime() - t0))) {
            LOG.warn("{} upgraded (WebSocket) connection(s) still open after the drain grace period of {}ms: closed", upgrades.open(),
                    grace.toMillis());
            upgrades.cutAll();
            done = false;
        }
        return done;
    }

    /**
     * Stops the server: after {@link #drain}, waits a little for answers still being written (requests cut off when the
     * scheduler shut down get their 503), closes the remaining connections and stops the threads.
     */
    @Override
    public void close() {
        server.stop();
        stopInstanceListener();
        dashboard.close();
        guard.startDraining();
        functionsOnly.startDraining();
        guard.awaitIdle(CLOSE_WAIT);
        upgrades.cutAll();
        guard.closeConnections();
        functionsOnly.closeConnections();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
        async.close();
        buffers.close();
    }
}
