package io.localfaas.gateway;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.protocol.RequestHead;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.server.ServerConnection;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * First handler of every request, on the I/O thread: gives it a request id ({@code x-fc-request-id} on every
 * answer), arranges its one access-log line and metrics sample, and refuses (400 InvalidArgument) headers with CR,
 * LF or NUL, more than {@code maxHeaderBytes} of headers and more than {@code maxPathQueryBytes} of path + query.
 * It also keeps count of the requests in flight and of the connections, for the drain: once {@link #startDraining}
 * was called, every answer carries {@code Connection: close} and its connection closes after it.
 * The access log ({@code access} logger) is written by the logging configuration's appender; {@code faas} makes it
 * asynchronous, and the line is not even formatted when the logger is off.
 */
final class RequestGuard implements HttpHandler {
    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private static final HttpString REQUEST_ID_HEADER = HttpString.tryFromString(HeaderNames.REQUEST_ID);

    private final HttpHandler next;
    private final GatewayMetrics metrics;
    private final int maxHeaderBytes;
    private final int maxPathQueryBytes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    /** Marks a connection this guard already tracks. */
    private final io.undertow.util.AttachmentKey<Boolean> tracked = io.undertow.util.AttachmentKey.create(Boolean.class);
    private final Object idle = new Object();
    private volatile boolean draining;

    RequestGuard(HttpHandler next, GatewayMetrics metrics, int maxHeaderBytes, int maxPathQueryBytes) {
        this.next = next;
        this.metrics = metrics;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxPathQueryBytes = maxPathQueryBytes;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Completion access = new Completion(requestId(), System.nanoTime());
        exchange.putAttachment(Exchanges.ACCESS, access);
        exchange.getResponseHeaders().put(REQUEST_ID_HEADER, access.requestId);
        track(exchange.getConnection());
        inFlight.incrementAndGet();
        exchange.addResponseCommitListener(drainClose);
        exchange.addExchangeCompleteListener(access);
        String problem = problem(exchange);
        if (problem != null) {
            Exchanges.sendError(exchange, ErrorResponse.invalidArgument(problem));
            return;
        }
        next.handleRequest(exchange);
    }

    /** Once the drain began, an answer (but a switched connection's, which the drain cuts itself) closes its connection. */
    private final ResponseCommitListener drainClose = ex -> {
        if (draining && ex.getStatusCode() != 101) {
            ex.setPersistent(false);
            ex.getResponseHeaders().put(Headers.CONNECTION, "close");
        }
    };

    /** A request's access record, which also writes its access-log line and metrics sample when the exchange completes. */
    private final class Completion extends Exchanges.Access implements ExchangeCompletionListener {
        Completion(String requestId, long startNanos) {
            super(requestId, startNanos);
        }

        @Override
        public void exchangeEvent(HttpServerExchange ex, NextListener nextListener) {
            try {
                long nanos = System.nanoTime() - startNanos;
                if (ACCESS.isInfoEnabled()) {
                    ACCESS.info("{} {} {} fn={} instance={} {} queue={}ms duration={}ms status={}", requestId, ex.getRequestMethod(),
                            Router.printable(ex.getRequestPath()), function, instance, served, queueWaitMillis, nanos / 1_000_000,
                            ex.getStatusCode());
                }
                metrics.request(function, instance, "cold".equals(served), ex.getStatusCode(), Duration.ofNanos(nanos));
            } finally {
                if (inFlight.decrementAndGet() == 0 && draining) {
                    synchronized (idle) {
                        idle.notifyAll();
                    }
                }
                nextListener.proceed();
            }
        }
    }

    /** A random (version 4) UUID, without the lock and system calls of {@link UUID#randomUUID()}'s SecureRandom. */
    private static String requestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    /** Remembers an open connection once (not on every request of a kept-alive one). */
    private void track(ServerConnection connection) {
        if (connection.getAttachment(tracked) == null) {
            connection.putAttachment(tracked, Boolean.TRUE);
            if (connections.add(connection)) {
                connection.addCloseListener(connections::remove);
            }
        }
    }

    /** From now on every answer ends its connection. */
    void startDraining() {
        draining = true;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Waits until no request is in flight, at most {@code timeout}; whether none is. */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    idle.wait(Math.max(1, Math.min(100, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Closes every connection still open (idle keep-alive ones after a drain), each on its own I/O thread. */
    void closeConnections() {
        for (ServerConnection c : connections) {
            c.getIoThread().execute(() -> IoUtils.safeClose(c));
        }
    }

    private String problem(HttpServerExchange exchange) {
        long total = 0;
        for (HeaderValues values : exchange.getRequestHeaders()) {
            String name = values.getHeaderName().toString();
            if (!RequestHead.safe(name)) {
                return "header name " + Router.printable(name) + " contains a CR, LF or NUL character";
            }
            for (String v : values) {
                if (!RequestHead.safe(v)) {
                    return "header " + Router.printable(name) + " contains a CR, LF or NUL character";
                }
                total += name.length() + v.length() + 4;
            }
        }
        if (total > maxHeaderBytes) {
            return "request headers are " + total + " bytes, more than the limit of " + maxHeaderBytes;
        }
        String framing = transferCodingProblem(exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING));
        if (framing != null) {
            exchange.setPersistent(false); // the body's end cannot be found: the connection closes after the answer
            return framing;
        }
        String q = exchange.getQueryString();
        long pathQuery = exchange.getRequestURI().length() + (q == null || q.isEmpty() ? 0 : q.length() + 1);
        if (pathQuery > maxPathQueryBytes) {
            return "path and query are " + pathQuery + " bytes, more than the limit of " + maxPathQueryBytes;
        }
        return null;
    }

    /**
     * Null when a request's {@code Transfer-Encoding} (all its values) is absent or exactly {@code chunked}, the only
     * coding the gateway reads; otherwise why not. RFC 9112 §6.3: a request whose final coding is not chunked has no
     * length a server can determine, so it is answered 400 and its connection closed; a coding before chunked (e.g.
     * gzip) would reach the function still encoded, with nothing to say so.
     */
    static String transferCodingProblem(HeaderValues values) {
        if (values == null) {
            return null;
        }
        String codings = String.join(",", values);
        if (codings.trim().equalsIgnoreCase("chunked")) {
            return null;
        }
        return "Transfer-Encoding " + Router.printable(codings) + " is not understood: only chunked is";
    }
}
