package io.localfaas.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.localfaas.Invocation;
import io.localfaas.Scheduler;
import io.localfaas.failure.PlatformException;
import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.InvokeResponse;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request, hands it to the scheduler and writes the instance's answer, or a JSON error, back. Runs on a
 * worker thread (dispatched off the I/O thread): waiting for a slot blocks.
 */
final class InvokeHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(InvokeHandler.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scheduler scheduler;
    private final Router router;
    private final long maxBodyBytes;

    InvokeHandler(Scheduler scheduler, Router router, long maxBodyBytes) {
        this.scheduler = scheduler;
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().put(HttpString.tryFromString(HeaderNames.REQUEST_ID), requestId);
        long t0 = System.nanoTime();
        String method = exchange.getRequestMethod().toString();
        Route route = router.resolve(method, exchange.getRequestPath());
        if (!(route instanceof Route.Found found)) {
            ErrorResponse error = ErrorResponse.from(route);
            if (route instanceof Route.MethodNotAllowed m) {
                exchange.getResponseHeaders().put(HttpString.tryFromString("Allow"), String.join(", ", m.allowed()));
            }
            sendError(exchange, requestId, error);
            access(requestId, "-", "-", null, t0, error.status());
            return;
        }
        String function = found.function();
        byte[] body;
        try {
            exchange.setMaxEntitySize(maxBodyBytes);
            exchange.startBlocking();
            body = readBody(exchange.getInputStream());
        } catch (RequestTooBigException e) {
            sendError(exchange, requestId, ErrorResponse.of(413, "EntityTooLarge",
                    "payload size exceeds maximum allowed size (" + maxBodyBytes + " bytes)"));
            access(requestId, function, "-", null, t0, 413);
            return;
        } catch (IOException e) {
            sendError(exchange, requestId, ErrorResponse.of(400, "InvalidArgument", "could not read the request body: " + e.getMessage()));
            access(requestId, function, "-", null, t0, 400);
            return;
        }
        InvokeRequest request = new InvokeRequest(requestId, ControlPath.HTTP_INVOKE, method, pathAndQuery(exchange),
                forwardedHeaders(exchange.getRequestHeaders()), body, clientIp(exchange), found.basePath());
        try {
            Invocation inv = scheduler.invoke(function, request);
            int status = writeInvocation(exchange, inv);
            access(requestId, function, inv.instanceId(), inv, t0, status);
        } catch (PlatformException e) {
            ErrorResponse error = ErrorResponse.from(e);
            e.functionErrorBody().ifPresentOrElse(
                    b -> sendFunctionError(exchange, error.status(), "UnhandledInvocationError", b),
                    () -> sendError(exchange, requestId, error));
            access(requestId, function, "-", null, t0, error.status());
        } catch (RuntimeException e) {
            LOG.error("request {} to {} failed", requestId, function, e);
            sendError(exchange, requestId, ErrorResponse.of(500, "InternalServerError", "an internal error has occurred. Please retry."));
            access(requestId, function, "-", null, t0, 500);
        }
    }

    private int writeInvocation(HttpServerExchange exchange, Invocation inv) {
        HeaderMap out = exchange.getResponseHeaders();
        out.put(HttpString.tryFromString(HeaderNames.INSTANCE), inv.instanceId());
        out.put(HttpString.tryFromString(HeaderNames.COLD_START), Boolean.toString(inv.coldStart().isPresent()));
        inv.coldStart().ifPresent(cs -> out.put(HttpString.tryFromString(HeaderNames.START_BREAKDOWN), cs.header()));
        out.put(HttpString.tryFromString(HeaderNames.QUEUE_WAIT), inv.queueWait().toMillis() + "ms");
        InvokeResponse r = inv.response();
        if (r.isFunctionError()) {
            // FC: a function error on an HTTP trigger is a 502 carrying the error type and the function's error JSON.
            sendFunctionError(exchange, 502, r.errorType().get(), r.body());
            return 502;
        }
        r.headers().forEach((name, values) -> {
            if (HeaderNames.forwardResponse(name)) {
                out.putAll(HttpString.tryFromString(name), values);
            }
        });
        exchange.setStatusCode(r.status());
        writeBody(exchange, r.body());
        return r.status();
    }

    private static void sendFunctionError(HttpServerExchange exchange, int status, String errorType, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(HttpString.tryFromString(HeaderNames.ERROR_TYPE), errorType);
        exchange.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json");
        writeBody(exchange, body);
    }

    static void sendError(HttpServerExchange exchange, String requestId, ErrorResponse error) {
        ObjectNode body = JSON.createObjectNode();
        body.put("errorCode", error.errorCode());
        body.put("errorMessage", error.message());
        body.put("requestId", requestId);
        exchange.setStatusCode(error.status());
        exchange.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json");
        error.retryAfter().ifPresent(d -> exchange.getResponseHeaders().put(HttpString.tryFromString("Retry-After"),
                Long.toString(Math.max(1, d.toSeconds()))));
        writeBody(exchange, (body.toString() + "\n").getBytes(StandardCharsets.UTF_8));
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

    private byte[] readBody(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static String pathAndQuery(HttpServerExchange exchange) {
        String q = exchange.getQueryString();
        return exchange.getRequestURI() + (q == null || q.isEmpty() ? "" : "?" + q);
    }

    private static Map<String, List<String>> forwardedHeaders(HeaderMap in) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (HeaderValues values : in) {
            String name = values.getHeaderName().toString();
            if (HeaderNames.forwardRequest(name)) {
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

    private static void access(String requestId, String function, String instance, Invocation inv, long t0, int status) {
        ACCESS.info("{} fn={} instance={} {} queue={}ms duration={}ms status={}", requestId, function, instance,
                inv == null ? "-" : inv.coldStart().isPresent() ? "cold" : "warm",
                inv == null ? 0 : inv.queueWait().toMillis(), (System.nanoTime() - t0) / 1_000_000, status);
    }
}
