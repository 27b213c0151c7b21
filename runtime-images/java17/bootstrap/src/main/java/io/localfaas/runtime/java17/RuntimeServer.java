package io.localfaas.runtime.java17;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.localfaas.runtime.java17.servlet.FcHttpServletRequest;
import io.localfaas.runtime.java17.servlet.FcHttpServletResponse;
import io.localfaas.runtime.java17.servlet.HttpCall;

/**
 * The instance's HTTP server (PROTOCOL.md §2-§6) on the JDK's {@code com.sun.net.httpserver}: dispatches on
 * {@code x-fc-control-path}, runs the initializer once, calls the function on a bounded pool of
 * {@code FC_INSTANCE_CONCURRENCY} workers (plus two for control calls), answers with exact {@code content-length}s
 * and function errors in the protocol's shape.
 */
public final class RuntimeServer implements AutoCloseable {
    private static final Set<String> CONTROL_PATHS = Set.of("/invoke", "/initialize", "/pre-stop", "/pre-freeze", "/http-invoke");
    /** Headers of the platform's connection that the function does not see. */
    private static final Set<String> HIDDEN_REQUEST_HEADERS = Set.of("connection", "keep-alive");
    private static final int CONTROL_HEADROOM = 2;
    private static final int QUEUE_BOUND = 256;

    /** Replaced once when a stem cell is specialised (PROTOCOL.md §10), before any call can run user code. */
    private volatile RuntimeConfig config;
    private volatile UserFunction function;
    private final ThreadPoolExecutor workers;
    /** A stem cell: no function until {@code /specialise}, which sets {@link #specialised}. */
    private final boolean stemCell;
    private volatile boolean specialised;
    /** Bound by {@link #listen()}: at once, or standalone only after the initializer succeeded. */
    private volatile HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object initLock = new Object();
    private boolean initDone;
    private CompletableFuture<Reply> initPending;

    private RuntimeServer(RuntimeConfig config, UserFunction function, ThreadPoolExecutor workers, boolean stemCell) {
        this.config = config;
        this.function = function;
        this.workers = workers;
        this.stemCell = stemCell;
    }

    /** Standalone, the initializer failed or outlived its timeout: the process must exit non-zero instead of serving. */
    public static final class InitializationFailed extends IOException {
        InitializationFailed(String message) {
            super(message);
        }
    }

    /**
     * Loads the code's class loader (classes load lazily, on the first call that needs them) and listens.
     *
     * Standalone, the initializer runs first, bounded by {@code FC_INITIALIZATION_TIMEOUT}, and the port opens only
     * once it succeeded (so a readiness probe covers it).
     *
     * @throws IOException when the port cannot be bound or the code path does not exist
     * @throws InitializationFailed standalone, when the initializer fails or times out
     */
    public static RuntimeServer start(RuntimeConfig config) throws IOException {
        return start(config, false);
    }

    /**
     * Listens as a stem cell (PROTOCOL.md §10): no function, no code loaded; every call but {@code /specialise} is
     * answered 409 until one {@code /specialise} gives it its function.
     */
    public static RuntimeServer startStemCell(RuntimeConfig config) throws IOException {
        return start(config, true);
    }

    private static RuntimeServer start(RuntimeConfig config, boolean stemCell) throws IOException {
        // Idle keep-alive connections live 15 minutes (PROTOCOL.md §6): read before the first HttpServer is made.
        System.setProperty("sun.net.httpserver.idleInterval", System.getProperty("sun.net.httpserver.idleInterval", "900"));
        UserFunction function = stemCell ? null : UserFunction.load(config.codePath());
        int threads = config.concurrency() + CONTROL_HEADROOM;
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_BOUND), r -> {
                    Thread t = new Thread(r, "fc-worker-" + n.incrementAndGet());
                    if (function != null) { // a stem cell's calls set their function's loader (withRequest)
                        t.setContextClassLoader(function.classLoader());
                    }
                    return t;
                });
        RuntimeServer runtime = new RuntimeServer(config, function, workers, stemCell);
        try {
            if (config.standalone().isPresent()) {
                runtime.initializeBeforeListening();
            }
            runtime.listen();
        } catch (IOException e) {
            workers.shutdownNow();
            if (function != null) {
                function.close();
            }
            throw e;
        }
        if (stemCell) {
            StemWarmUp.start(runtime.port());
        } else {
            runtime.warmUp();
        }
        return runtime;
    }

    /**
     * {@code POST /specialise} (PROTOCOL.md §10): sets the function's environment in this JVM, reads its configuration
     * from it (keeping the port), makes its class loader over the code folder (filled by the platform by now), takes
     * the new key, and from then on serves that function as if it had started with that environment.
     */
    private Reply specialise(byte[] body) throws IOException {
        synchronized (initLock) {
            if (specialised) {
                return Reply.error(409, "this stem cell is specialised already", "Conflict");
            }
            Specialisation s;
            try {
                s = Specialisation.parse(body);
            } catch (IllegalArgumentException e) {
                return Reply.error(400, "specialise: " + e.getMessage(), "BadRequest");
            }
            RuntimeConfig next;
            UserFunction loaded;
            try {
                next = s.apply(config.host(), port());
                loaded = UserFunction.load(next.codePath());
            } catch (IllegalStateException | IllegalArgumentException | IOException e) {
                return Reply.error(500, "specialise: " + e.getMessage(), "SpecialiseFailed");
            }
            int threads = next.concurrency() + CONTROL_HEADROOM;
            if (threads > workers.getMaximumPoolSize()) {
                workers.setMaximumPoolSize(threads);
                workers.setCorePoolSize(threads);
            }
            function = loaded;
            config = next;
            specialised = true;
        }
        warmUp();
        FcLogger.runtimeInfo(null, "specialised: handler " + config.handler() + ", initializer " + config.initializer().orElse("-")
                + ", code " + config.codePath() + ", concurrency " + config.concurrency());
        return Reply.EMPTY;
    }


    private void listen() throws IOException {
        HttpServer bound = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
        bound.createContext("/", this::handle);
        bound.setExecutor(workers);
        bound.start();
        server = bound;
    }

    private void initializeBeforeListening() throws InitializationFailed {
        Optional<String> initializer = config.initializer();
        if (initializer.isEmpty()) {
            return;
        }
        String requestId = UUID.randomUUID().toString();
        Future<Reply> run = workers.submit(() -> initialize(requestId, FcContext.of(requestId, Map.of(), config.env())));
        Reply reply;
        try {
            reply = run.get(config.initializationTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new InitializationFailed("initializer " + initializer.get() + " did not finish within "
                    + config.initializationTimeout().toMillis() + " ms (FC_INITIALIZATION_TIMEOUT): exiting");
        } catch (InterruptedException | ExecutionException e) {
            throw new InitializationFailed("initializer " + initializer.get() + " failed: " + e + ": exiting");
        }
        if (reply.error().isPresent()) {
            throw new InitializationFailed("initializer " + initializer.get() + " failed: exiting");
        }
    }

    /** Standalone, on SIGTERM after the calls in flight ended: runs the pre-stop hook; true when it succeeded (or there is none). */
    public boolean runPreStop() {
        String requestId = UUID.randomUUID().toString();
        return hook("PreStop", config.preStop(), requestId, FcContext.of(requestId, Map.of(), config.env())).error().isEmpty();
    }

    /**
     * Right after the port opens, on a daemon thread (the second core), does what the first calls would otherwise pay
     * for: loads (without initializing: no user code runs) the handler's and hooks' classes from the code, and
     * prepares Jackson's serialisation of error bodies. Anything it fails at is left to the call that needs it.
     */
    private void warmUp() {
        Thread t = new Thread(() -> {
            List<String> handlers = new ArrayList<>();
            handlers.add(config.handler());
            config.initializer().ifPresent(handlers::add);
            config.preStop().ifPresent(handlers::add);
            for (String h : handlers) {
                try {
                    Class.forName(HandlerName.parse(h).className(), false, function.classLoader());
                } catch (Exception | LinkageError e) {
                    // reported by the call that needs it
                }
            }
            FunctionError.json(new IllegalStateException("warm-up"));
        }, "fc-warm-up");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int inFlight() {
        return inFlight.get();
    }

    // ------------------------------------------------------------------------------------------------
    // dispatch

    private void handle(HttpExchange exchange) {
        inFlight.incrementAndGet();
        String requestId = null;
        try {
            Map<String, List<String>> headers = lowerCase(exchange.getRequestHeaders());
            if (config.instanceKey().isPresent() && !InstanceKey.admits(config.instanceKey().get(), headers)) {
                exchange.getRequestBody().close();
                exchange.getResponseHeaders().add("connection", "close");
                Reply.send(exchange, Reply.error(403,
                        "this instance answers only the platform that started it (missing or wrong instance key)", "Forbidden"));
                return;
            }
            requestId = first(headers, "x-fc-request-id").orElseGet(() -> UUID.randomUUID().toString());
            if (config.standalone().isPresent()) {
                exchange.getResponseHeaders().add("x-fc-request-id", requestId);
            }
            String control = config.standalone().map(s -> s.controlPath(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()))
                    .orElseGet(() -> controlPath(exchange, headers));
            if (stemCell && (control.equals("/specialise") || !specialised)) {
                byte[] stemBody = exchange.getRequestBody().readAllBytes();
                Reply.send(exchange, control.equals("/specialise") ? specialise(stemBody)
                        : Reply.error(409, "this stem cell has no function yet: POST /specialise first", "Conflict"));
                return;
            }
            if (!CONTROL_PATHS.contains(control)) {
                Reply.send(exchange, refused(control));
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            FcContext context = FcContext.of(requestId, headers, config.env());
            Reply reply = switch (control) {
                case "/invoke" -> invoke(requestId, body, context);
                case "/initialize" -> initialize(requestId, context);
                case "/pre-stop" -> hook("PreStop", config.preStop(), requestId, context);
                case "/pre-freeze" -> hook("PreFreeze", config.preFreeze(), requestId, context);
                default -> httpInvoke(exchange, requestId, headers, body, context);
            };
            Reply.send(exchange, config.standalone().isPresent() && reply.error().isPresent()
                    ? new Reply(config.standalone().get().errorStatus, reply.headers(), reply.body(), reply.error()) : reply);
        } catch (IOException | RuntimeException | Error e) {
            // The platform hung up while the body was read, or a bug of the runtime itself.
            FcLogger.runtimeError(requestId, "runtime error while serving the request: " + e);
            try {
                Reply.send(exchange, Reply.ofThrowable(e));
            } catch (IOException | RuntimeException ignored) {
                // the connection is gone
            }
        } finally {
            exchange.close();
            inFlight.decrementAndGet();
        }
    }

    /** A request that names no call: an unknown control path, or standalone a path or method the function does not take. */
    private Reply refused(String control) throws IOException {
        if (config.standalone().isEmpty()) {
            return Reply.error(400, "unknown x-fc-control-path: " + control, "BadRequest");
        }
        boolean notFound = control.startsWith("not found");
        return Reply.error(notFound ? 404 : 405, control + " (an event function takes POST / with the event as the body)",
                notFound ? "NotFound" : "MethodNotAllowed");
    }

    private static String controlPath(HttpExchange exchange, Map<String, List<String>> headers) {
        Optional<String> header = first(headers, "x-fc-control-path");
        if (header.isPresent()) {
            return header.get();
        }
        String path = exchange.getRequestURI().getRawPath();
        return CONTROL_PATHS.contains(path) ? path : "/http-invoke";
    }

    // ------------------------------------------------------------------------------------------------
    // calls

    private Reply invoke(String requestId, byte[] event, FcContext context) {
        return withRequest("Invoke", requestId, () -> Reply.ok(List.of(Map.entry("content-type", "application/octet-stream")),
                function.invokeEvent(config.handler(), event, context)));
    }

    private Reply httpInvoke(HttpExchange exchange, String requestId, Map<String, List<String>> headers, byte[] body,
            FcContext context) {
        Map<String, List<String>> visible = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (!name.startsWith("x-fc-") && !HIDDEN_REQUEST_HEADERS.contains(name)) {
                visible.put(name, List.copyOf(values));
            }
        });
        InetSocketAddress peer = exchange.getRemoteAddress();
        String clientIp = first(headers, "x-fc-client-ip").orElseGet(() -> peer.getAddress().getHostAddress());
        HttpCall call = new HttpCall(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                first(headers, "x-fc-base-path").orElse(""), visible, body, clientIp, peer.getPort(), config.host(), port());
        return withRequest("Invoke", requestId, () -> {
            FcHttpServletResponse response = new FcHttpServletResponse();
            function.invokeHttp(config.handler(), new FcHttpServletRequest(call), response, context);
            return new Reply(response.getStatus(), response.headerLines(), response.body(), Optional.empty());
        });
    }

    private Reply initialize(String requestId, FcContext context) {
        if (config.initializer().isEmpty()) {
            return Reply.EMPTY;
        }
        CompletableFuture<Reply> outcome;
        boolean mine = false;
        synchronized (initLock) {
            if (initDone) {
                return Reply.EMPTY;
            }
            if (initPending == null) {
                initPending = new CompletableFuture<>();
                mine = true;
            }
            outcome = initPending;
        }
        if (mine) {
            Reply reply = runHook("Initialize", config.initializer().get(), requestId, context);
            synchronized (initLock) {
                initPending = null;
                initDone = reply.error().isEmpty();
            }
            outcome.complete(reply);
        }
        return outcome.join();
    }

    private Reply hook(String name, Optional<String> handler, String requestId, FcContext context) {
        return handler.map(h -> runHook(name, h, requestId, context)).orElse(Reply.EMPTY);
    }

    private Reply runHook(String name, String handler, String requestId, FcContext context) {
        return withRequest(name, requestId, () -> {
            function.runHook(handler, context);
            return Reply.EMPTY;
        });
    }

    @FunctionalInterface
    private interface Call {
        Reply run() throws Throwable;
    }

    /** Runs one call of user code between FC's Start/End markers; any throwable is the call's function error. */
    private Reply withRequest(String name, String requestId, Call call) {
        FcLogger.startMarker("FC " + name + " Start RequestId: " + requestId);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(function.classLoader());
        try {
            Reply reply = call.run();
            FcLogger.endMarker("FC " + name + " End RequestId: " + requestId);
            return reply;
        } catch (Throwable t) {
            Reply reply = Reply.ofThrowable(t);
            FcLogger.runtimeError(requestId, new String(reply.body(), StandardCharsets.UTF_8));
            FcLogger.endMarker("FC " + name + " End RequestId: " + requestId + ", Error: Unhandled function error");
            return reply;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }


    // ------------------------------------------------------------------------------------------------
    // I/O

    private static Map<String, List<String>> lowerCase(Headers headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((name, values) -> out.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        return out;
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    // ------------------------------------------------------------------------------------------------
    // shutdown

    /**
     * Stops accepting connections, lets the calls in flight finish for at most {@code grace}, then closes everything.
     *
     * @return true when no call was still running
     */
    public boolean drainAndStop(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        Thread stopper = new Thread(() -> server.stop((int) Math.max(1, grace.toSeconds())), "fc-stop");
        stopper.start();
        // HttpServer.stop waits for exchanges; poll our own counter so an idle instance stops at once.
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        boolean drained = inFlight.get() == 0;
        workers.shutdownNow();
        return drained;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            function.close();
        } catch (IOException e) {
            // closing the function's jars
        }
    }
}
