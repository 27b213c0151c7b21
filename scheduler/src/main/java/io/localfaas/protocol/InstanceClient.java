package io.localfaas.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.backend.RunningInstance;
import io.localfaas.spec.FunctionSpec;

/**
 * Talks the instance protocol over pooled keep-alive HTTP/1.1 connections to {@code 127.0.0.1:port}, on the calling
 * thread: a call takes an idle connection to its instance (or opens one), writes the request, reads the answer, and
 * gives the connection back once the body was read to its end. Every call is bounded by a timeout; a timeout surfaces
 * as {@link java.net.http.HttpTimeoutException}, a dead or closed instance as another {@link IOException}. A call is
 * never retried: the function may already have run it.
 */
public final class InstanceClient implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final ConnectionPool pool = new ConnectionPool();
    private final java.util.function.BiConsumer<RunningInstance, String> sending;

    public InstanceClient() {
        this((instance, requestId) -> { });
    }

    /** @param sending told of each call (instance, request id) before its first byte is sent */
    public InstanceClient(java.util.function.BiConsumer<RunningInstance, String> sending) {
        this.sending = sending;
    }

    /** An instance's answer whose body is still to be read from {@code body} (which the caller must close). */
    public record Opened(int status, Map<String, List<String>> headers, InputStream body) {
    }

    /** Sends {@code request} to {@code target}, waiting at most {@code timeout} for the whole answer. */
    public InvokeResponse send(RunningInstance target, FunctionSpec fn, InvokeRequest request, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Opened r = exchange(target, fn, request, deadline, deadline);
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readAllBytes();
        }
        return new InvokeResponse(r.status(), r.headers(), body, errorType(request, r.status(), r.headers()));
    }

    private Opened exchange(RunningInstance target, FunctionSpec fn, InvokeRequest request, long headDeadline, long bodyDeadline)
            throws IOException {
        byte[] head = head(target, fn, request, request.body().length);
        Http1Connection c = pool.take(target.host(), target.port(), CONNECT_TIMEOUT);
        sending.accept(target, request.requestId());
        try {
            c.write(head, request.body());
            Http1Connection.Head h = c.readHead(headDeadline);
            boolean headRequest = request.method().equalsIgnoreCase("HEAD");
            return new Opened(h.status(), h.headers(), new ResponseBody(c, h, headRequest, bodyDeadline, pool::giveBack));
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static byte[] head(RunningInstance target, FunctionSpec fn, InvokeRequest request, long contentLength) {
        return RequestHead.of(target, fn, request, contentLength).bytes();
    }

    /** The FC error type of an answer: its {@code x-fc-error-type}, or for a custom container's event call, a non-2xx. */
    public static Optional<String> errorType(InvokeRequest request, int status, Map<String, List<String>> headers) {
        return errorType(request, status, Optional.ofNullable(Http1Connection.first(headers, InvokeResponse.ERROR_TYPE_HEADER)));
    }

    /** As {@link #errorType(InvokeRequest, int, Map)}, from the answer's {@code x-fc-error-type} header alone. */
    public static Optional<String> errorType(InvokeRequest request, int status, Optional<String> errorTypeHeader) {
        Optional<String> errorType = errorTypeHeader;
        if (errorType.isEmpty() && request.controlPath() != ControlPath.HTTP_INVOKE && (status < 200 || status > 299)) {
            // A custom container signals a function error with a non-2xx status (FC: 404) and no error-type header.
            errorType = Optional.of("UnhandledInvocationError");
        }
        return errorType;
    }

    @Override
    public void close() {
        pool.close();
    }
}
