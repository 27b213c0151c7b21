package io.localfaas.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.localfaas.Invocation;
import io.localfaas.Scheduler;
import io.localfaas.StreamedInvocation;
import io.localfaas.failure.PlatformException;
import io.localfaas.gateway.async.AsyncInvoker;
import io.localfaas.gateway.auth.JwtVerifier;
import io.localfaas.lifecycle.ColdStart;
import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.InvokeResponse;
import io.localfaas.protocol.StreamedBody;
import io.localfaas.spec.AuthSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.TriggerSpec;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import org.xnio.IoUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request, hands it to the scheduler and writes the instance's answer, or a JSON error, back. Runs on a
 * worker thread (dispatched off the I/O thread): reading the body and waiting for a slot block.
 * <ul>
 *   <li>HTTP triggers and FC proxy paths: JWT where the trigger asks for it, the request forwarded as it came;
 *       a function error is a 502 with {@code x-fc-error-type} and the function's error JSON.</li>
 *   <li>FC's invoke API: an event invocation; {@code Sync}: the result, or a function error as 200 with
 *       {@code X-Fc-Error-Type} (FC); {@code Async}: 202 and the bounded async queue.</li>
 * </ul>
 */
final class InvokeHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(InvokeHandler.class);
    static final String INVOCATION_TYPE = "X-Fc-Invocation-Type";
    static final String LOG_TYPE = "X-Fc-Log-Type";
    static final String LOG_RESULT = "X-Fc-Log-Result";
    static final String RETRY_COUNT = "x-fc-retry-count";
    private static final long BACKSTOP_BYTES = 1024 * 1024;
    private static final Duration LOG_TAIL_WAIT = Duration.ofSeconds(2);

    private final Scheduler scheduler;
    private final GatewayOptions options;
    private final AsyncInvoker async;
    private final Clock clock;
    private final LogTailSource logSource;
    /** Routes and JWT verifiers of the functions being served; replaced whole by {@link #refresh} after a reload. */
    private volatile Routing routing;

    private record Routing(Router router, Map<AuthSpec, JwtVerifier> verifiers, Map<String, List<AuthSpec>> jwtTriggersOf) {
    }

    InvokeHandler(Scheduler scheduler, GatewayOptions options, AsyncInvoker async, LogTailSource logSource, Clock clock) {
        this.scheduler = scheduler;
        this.logSource = logSource;
        this.options = options;
        this.async = async;
        this.clock = clock;
        refresh(scheduler.functions());
    }

    /** Serves {@code functions} from now on (after the scheduler reloaded its configuration). */
    void refresh(List<FunctionSpec> functions) {
        Map<AuthSpec, JwtVerifier> verifiers = new LinkedHashMap<>();
        Map<String, List<AuthSpec>> jwtTriggersOf = new LinkedHashMap<>();
        for (FunctionSpec f : functions) {
            for (TriggerSpec t : f.triggers()) {
                if (t.auth().type() == AuthSpec.Type.JWT) {
                    verifiers.computeIfAbsent(t.auth(), a -> new JwtVerifier(a, clock));
                    jwtTriggersOf.computeIfAbsent(f.name(), n -> new java.util.ArrayList<>()).add(t.auth());
                }
            }
        }
        routing = new Routing(new Router(functions), verifiers, jwtTriggersOf);
    }

    /** The verifier of a trigger's auth (a request routed just before a reload may carry an auth no longer served). */
    private JwtVerifier verifier(AuthSpec auth) {
        JwtVerifier v = routing.verifiers().get(auth);
        return v != null ? v : new JwtVerifier(auth, clock);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        String method = exchange.getRequestMethod().toString();
        String path = exchange.getRequestPath();
        boolean fcPath = Router.isFcPath(path);
        Route route = routing.router().resolve(method, path);
        try {
            if (route instanceof Route.Found found) {
                Exchanges.access(exchange).function = found.function();
                http(exchange, found, fcPath);
            } else if (route instanceof Route.Invoke invoke) {
                Exchanges.access(exchange).function = invoke.function();
                invokeApi(exchange, invoke.function());
            } else {
                if (route instanceof Route.MethodNotAllowed m && !fcPath) {
                    Exchanges.header(exchange, "Allow", String.join(", ", new java.util.TreeSet<>(m.allowed())));
                }
                if (fcPath && route instanceof Route.MethodNotAllowed) {
                    Exchanges.header(exchange, HeaderNames.ERROR_TYPE, "FcCommonError");
                }
                Exchanges.sendError(exchange, ErrorResponse.from(route, fcPath));
            }
        } catch (RuntimeException e) {
            LOG.error("request {} failed", Exchanges.requestId(exchange), e);
            if (!exchange.isResponseStarted()) {
                Exchanges.sendError(exchange, ErrorResponse.of(500, "InternalServerError", "an internal error has occurred. Please retry."));
            }
        }
    }

    private void http(HttpServerExchange exchange, Route.Found found, boolean fcPath) {
        Map<String, List<String>> headers = forwardedHeaders(exchange.getRequestHeaders(), found.auth().claimsHeader());
        if (found.auth().type() == AuthSpec.Type.JWT) {
            Optional<Map<String, Object>> claims = verifier(found.auth())
                    .verify(exchange.getRequestHeaders().getFirst("Authorization"));
            if (claims.isEmpty()) {
                Exchanges.sendError(exchange, ErrorResponse.INVALID_TOKEN);
                return;
            }
            headers.put(found.auth().claimsHeader(), List.of(json(claims.get())));
        }
        // A body of known length is forwarded as the client sends it; a chunked one is read (bounded) first, because
        // its size can only be checked against the limit before the function sees it.
        long length = exchange.getRequestContentLength();
        Optional<StreamedBody> streamed = Optional.empty();
        byte[] buffered = new byte[0];
        if (length > 0 && length <= options.maxBodyBytes()) {
            exchange.setMaxEntitySize(length);
            exchange.startBlocking();
            streamed = Optional.of(new StreamedBody(exchange::getInputStream, length));
        } else {
            Optional<byte[]> body = readBody(exchange, options.maxBodyBytes(), fcPath);
            if (body.isEmpty()) {
                return;
            }
            buffered = body.get();
        }
        String requestId = Exchanges.requestId(exchange);
        InvokeRequest request = new InvokeRequest(requestId, ControlPath.HTTP_INVOKE, exchange.getRequestMethod().toString(),
                pathAndQuery(exchange), headers, buffered, clientIp(exchange), found.basePath());
        StreamedInvocation inv;
        try {
            inv = scheduler.invokeStreaming(found.function(), request, streamed);
        } catch (PlatformException e) {
            ErrorResponse error = ErrorResponse.from(e);
            e.functionErrorBody().ifPresentOrElse(
                    b -> sendFunctionError(exchange, error.status(), "UnhandledInvocationError", b),
                    () -> Exchanges.sendError(exchange, error));
            return;
        } catch (UncheckedIOException e) {
            refuse(exchange, ErrorResponse.invalidArgument("could not read the request body: " + e.getCause().getMessage()));
            return;
        }
        try (inv) {
            served(exchange, inv.instanceId(), inv.coldStart(), inv.queueWait());
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
                sendFunctionError(exchange, 502, inv.errorType().get(), error);
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
            streamBody(exchange, inv);
        }
    }

    /**
     * Copies the instance's body to the client as it arrives. When either side fails mid-body the client's connection
     * is dropped, so that a cut-off body is never taken for a whole one.
     */
    private static void streamBody(HttpServerExchange exchange, StreamedInvocation inv) {
        if (!exchange.isBlocking()) {
            exchange.startBlocking();
        }
        try {
            OutputStream os = exchange.getOutputStream();
            inv.transferTo(os);
            os.close();
        } catch (StreamedInvocation.InstanceBodyException e) {
            LOG.warn("request {}: instance {} {} mid-body; the client's connection is dropped", Exchanges.requestId(exchange),
                    inv.instanceId(), e.timedOut() ? "ran past the function's timeout" : "failed (" + e.getMessage() + ")");
            IoUtils.safeClose(exchange.getConnection());
        } catch (IOException e) {
            LOG.debug("client went away before the response was written: {}", e.toString());
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    private void invokeApi(HttpServerExchange exchange, String function) {
        List<AuthSpec> jwt = routing.jwtTriggersOf().getOrDefault(function, List.of());
        if (!jwt.isEmpty()) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (jwt.stream().noneMatch(a -> verifier(a).verify(authorization).isPresent())) {
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
        Optional<byte[]> body = readBody(exchange, isAsync ? options.maxAsyncBodyBytes() : options.maxBodyBytes(), true);
        if (body.isEmpty()) {
            return;
        }
        String requestId = Exchanges.requestId(exchange);
        if (isAsync) {
            if (async.submit(function, requestId, body.get())) {
                Exchanges.send(exchange, 202, null, new byte[0]);
            } else {
                Exchanges.sendError(exchange, new ErrorResponse(429, "ResourceExhausted", "the async invocation queue is full ("
                        + options.asyncQueueCapacity() + ")", Optional.of(java.time.Duration.ofSeconds(1))));
            }
            return;
        }
        boolean tail = "Tail".equalsIgnoreCase(exchange.getRequestHeaders().getFirst(LOG_TYPE));
        Invocation inv;
        try {
            inv = scheduler.invoke(function, InvokeRequest.event(requestId, body.get()));
        } catch (PlatformException e) {
            if (e.kind() == PlatformException.Kind.INIT_FAILED && e.functionErrorBody().isPresent()) {
                // FC3: a failed initializer answers the invoke API 200 with X-Fc-Error-Type: InitializationError.
                sendFunctionError(exchange, 200, "InitializationError", e.functionErrorBody().get());
            } else {
                Exchanges.sendError(exchange, ErrorResponse.from(e));
            }
            return;
        }
        served(exchange, inv);
        if (tail) {
            Exchanges.header(exchange, LOG_RESULT, Base64.getEncoder().encodeToString(
                    logTail(function, inv.instanceId(), requestId).getBytes(StandardCharsets.UTF_8)));
        }
        InvokeResponse r = inv.response();
        if (r.isFunctionError()) {
            sendFunctionError(exchange, 200, r.errorType().get(), r.body());
            return;
        }
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Exchanges.CONTENT_TYPE, r.headers().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("content-type")).flatMap(h -> h.getValue().stream()).findFirst()
                .orElse("application/octet-stream"));
        writeBody(exchange, r.body());
    }

    /** One async attempt, run by the async workers: like a sync invoke, with {@code x-fc-retry-count}. */
    AsyncInvoker.Attempt runAsync(String function, String requestId, byte[] event, int retryCount) {
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

    /** The invocation's lines of its instance's output, once the runtime's end marker is there (waiting at most 2 s). */
    private String logTail(String function, String instanceId, String requestId) {
        return LogTail.extract(logSource.awaitEnd(function, instanceId, requestId, LOG_TAIL_WAIT), requestId, LogTail.MAX_BYTES);
    }

    private static void served(HttpServerExchange exchange, Invocation inv) {
        served(exchange, inv.instanceId(), inv.coldStart(), inv.queueWait());
    }

    private static void served(HttpServerExchange exchange, String instanceId, Optional<ColdStart> coldStart, Duration queueWait) {
        Exchanges.Access access = Exchanges.access(exchange);
        access.instance = instanceId;
        access.served = coldStart.isPresent() ? "cold" : "warm";
        access.queueWaitMillis = queueWait.toMillis();
        HeaderMap out = exchange.getResponseHeaders();
        out.put(HttpString.tryFromString(HeaderNames.INSTANCE), instanceId);
        out.put(HttpString.tryFromString(HeaderNames.COLD_START), Boolean.toString(coldStart.isPresent()));
        coldStart.ifPresent(cs -> out.put(HttpString.tryFromString(HeaderNames.START_BREAKDOWN), cs.header()));
        out.put(HttpString.tryFromString(HeaderNames.QUEUE_WAIT), queueWait.toMillis() + "ms");
    }

    /**
     * Reads the whole body, refusing it before reading when Content-Length is over {@code limit}, and as soon as a
     * chunked body passes it. Empty when an error was answered.
     */
    private static Optional<byte[]> readBody(HttpServerExchange exchange, long limit, boolean fcPath) {
        if (exchange.getRequestContentLength() > limit) {
            return refuse(exchange, ErrorResponse.tooLarge(limit, fcPath));
        }
        // Undertow's own entity limit drops the connection without an answer and counts declared chunk sizes; ours
        // counts bytes read and answers. Its limit stays well above ours as a backstop against a giant chunk.
        exchange.setMaxEntitySize(limit + BACKSTOP_BYTES);
        try {
            exchange.startBlocking();
            InputStream in = exchange.getInputStream();
            ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(Math.max(exchange.getRequestContentLength(), 0), limit));
            byte[] buf = new byte[16 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                body.write(buf, 0, n);
                if (body.size() > limit) {
                    return refuse(exchange, ErrorResponse.tooLarge(limit, fcPath));
                }
            }
            return Optional.of(body.toByteArray());
        } catch (RequestTooBigException e) {
            return refuse(exchange, ErrorResponse.tooLarge(limit, fcPath));
        } catch (IOException e) {
            return refuse(exchange, ErrorResponse.invalidArgument("could not read the request body: " + e.getMessage()));
        }
    }

    /** Answers {@code error} and closes the connection (the rest of the body is never read). */
    private static Optional<byte[]> refuse(HttpServerExchange exchange, ErrorResponse error) {
        if (!exchange.isResponseStarted()) {
            Exchanges.header(exchange, "Connection", "close");
            Exchanges.sendError(exchange, error);
        }
        return Optional.empty();
    }

    private static void sendFunctionError(HttpServerExchange exchange, int status, String errorType, byte[] body) {
        exchange.setStatusCode(status);
        Exchanges.header(exchange, HeaderNames.ERROR_TYPE, errorType);
        exchange.getResponseHeaders().put(Exchanges.CONTENT_TYPE, "application/json");
        writeBody(exchange, body);
    }

    private static void writeBody(HttpServerExchange exchange, byte[] body) {
        exchange.setResponseContentLength(body.length);
        if (!exchange.isBlocking()) {
            exchange.startBlocking();
        }
        try (OutputStream os = exchange.getOutputStream()) {
            os.write(body);
        } catch (IOException e) {
            LOG.debug("client went away before the response was written: {}", e.toString());
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
        return exchange.getRequestURI() + (q == null || q.isEmpty() ? "" : "?" + q);
    }

    /** Client headers a function may see: no hop-by-hop, no {@code x-fc-*}, never a client-sent claims header. */
    static Map<String, List<String>> forwardedHeaders(HeaderMap in, String claimsHeader) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String claims = claimsHeader.toLowerCase(Locale.ROOT);
        for (HeaderValues values : in) {
            String name = values.getHeaderName().toString();
            if (HeaderNames.forwardRequest(name) && !name.toLowerCase(Locale.ROOT).equals(claims)) {
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
