package io.localfaas.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

import io.localfaas.StreamedInvocation;
import io.localfaas.lifecycle.ColdStart;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The forwarding step both entries share (HTTP triggers and the invoke API): reading a client's body within a limit,
 * the headers saying which instance served, and writing an instance's answer back. A small answer is written from the
 * connection's I/O thread, so that the exchange ends there (ending it on a worker makes Undertow's I/O thread spin
 * while the worker hands the connection back, see bench/RESULTS.md); a large or open-ended one is streamed from the
 * worker.
 */
final class Forwarding {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);
    /** Bodies up to this size are read whole (request: on the I/O thread; response: before the client gets it). */
    static final int SMALL_BODY = 64 * 1024;
    private static final long BACKSTOP_BYTES = 1024 * 1024;

    private Forwarding() {
    }

    /** Runs {@code task} on a worker thread (I/O threads must not wait for a slot or an instance). */
    static void onWorker(HttpServerExchange exchange, Runnable task) {
        exchange.dispatch(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                internalError(exchange, e);
            }
        });
    }

    static void internalError(HttpServerExchange exchange, RuntimeException e) {
        LOG.error("request {} failed", Exchanges.requestId(exchange), e);
        if (!exchange.isResponseStarted()) {
            Exchanges.sendError(exchange, ErrorResponse.of(500, "InternalServerError", "an internal error has occurred. Please retry."));
        } else {
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    static void served(HttpServerExchange exchange, String instanceId, Optional<ColdStart> coldStart, Duration queueWait) {
        Exchanges.Access access = Exchanges.access(exchange);
        access.instance = instanceId;
        access.served = coldStart.isPresent() ? "cold" : "warm";
        access.queueWaitMillis = queueWait.toMillis();
        HeaderMap out = exchange.getResponseHeaders();
        out.put(HeaderNames.INSTANCE_HEADER, instanceId);
        out.put(HeaderNames.COLD_START_HEADER, coldStart.isPresent() ? "true" : "false");
        coldStart.ifPresent(cs -> out.put(HttpString.tryFromString(HeaderNames.START_BREAKDOWN), cs.header()));
        out.put(HeaderNames.QUEUE_WAIT_HEADER, queueWait.toMillis() + "ms");
    }

    /**
     * Writes an instance's answer (status and headers already set): read whole and written from the I/O thread when
     * it is small, else copied as it arrives. When either side fails mid-body the client's connection is dropped, so
     * that a cut-off body is never taken for a whole one.
     */
    static void writeAnswer(HttpServerExchange exchange, StreamedInvocation inv, WriteWatch watch) {
        Optional<Long> length = inv.contentLength();
        if (length.isPresent() && length.get() <= SMALL_BODY) {
            ByteArrayOutputStream body = new ByteArrayOutputStream((int) (long) length.get());
            try {
                inv.transferTo(body);
            } catch (StreamedInvocation.InstanceBodyException e) {
                midBody(exchange, inv, e);
                return;
            } catch (IOException e) {
                throw new IllegalStateException("writing to memory failed", e);
            }
            sendFromIoThread(exchange, body.toByteArray());
            return;
        }
        if (!exchange.isBlocking()) {
            exchange.startBlocking();
        }
        try (WriteWatch.Watched os = watch.watch(exchange.getOutputStream(), exchange.getConnection())) {
            inv.transferTo(os);
            os.finish();
        } catch (StreamedInvocation.InstanceBodyException e) {
            midBody(exchange, inv, e);
        } catch (IOException e) {
            LOG.debug("client went away before the response was written: {}", e.toString());
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    private static void midBody(HttpServerExchange exchange, StreamedInvocation inv, StreamedInvocation.InstanceBodyException e) {
        LOG.warn("request {}: instance {} {} mid-body; the client's connection is dropped", Exchanges.requestId(exchange),
                inv.instanceId(), e.timedOut() ? "ran past the function's timeout" : "failed (" + e.getMessage() + ")");
        IoUtils.safeClose(exchange.getConnection());
    }

    /** Sends a whole body (status and headers already set), ending the exchange on its I/O thread. */
    static void sendFromIoThread(HttpServerExchange exchange, byte[] body) {
        exchange.setResponseContentLength(body.length);
        if (exchange.isBlocking()) {
            writeBody(exchange, body);
            return;
        }
        if (exchange.isInIoThread()) {
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
        } else {
            exchange.getIoThread().execute(() -> exchange.getResponseSender().send(ByteBuffer.wrap(body)));
        }
    }

    static void sendFunctionError(HttpServerExchange exchange, int status, String errorType, byte[] body) {
        exchange.setStatusCode(status);
        Exchanges.header(exchange, HeaderNames.ERROR_TYPE, errorType);
        exchange.getResponseHeaders().put(Exchanges.CONTENT_TYPE, "application/json");
        sendFromIoThread(exchange, body);
    }

    /** Writes a whole body on a worker thread of an exchange in blocking mode. */
    private static void writeBody(HttpServerExchange exchange, byte[] body) {
        try (OutputStream os = exchange.getOutputStream()) {
            os.write(body);
        } catch (IOException e) {
            LOG.debug("client went away before the response was written: {}", e.toString());
        }
    }

    /**
     * Reads the whole body on a worker thread, refusing it before reading when Content-Length is over {@code limit},
     * and as soon as a chunked body passes it. Empty when an error was answered.
     */
    static Optional<byte[]> readBody(HttpServerExchange exchange, long limit, boolean fcPath) {
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

    /**
     * Whether the body can be read whole on the I/O thread before the request goes to a worker: no body, or a
     * Content-Length within both {@code limit} and {@link #SMALL_BODY}.
     */
    static boolean smallBody(HttpServerExchange exchange, long limit) {
        return !exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)
                && exchange.getRequestContentLength() <= Math.min(limit, SMALL_BODY);
    }

    /**
     * Reads a small body (see {@link #smallBody}) without blocking, then runs {@code then} with it on the I/O thread
     * (which must not wait: see {@link #onWorker}).
     */
    static void receiveSmall(HttpServerExchange exchange, java.util.function.Consumer<byte[]> then) {
        if (exchange.getRequestContentLength() <= 0) {
            then.accept(new byte[0]);
            return;
        }
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, bytes) -> then.accept(bytes),
                (ex, e) -> refuse(ex, ErrorResponse.invalidArgument("could not read the request body: " + e.getMessage())));
    }

    /** Answers {@code error} and closes the connection (the rest of the body is never read). */
    static <T> Optional<T> refuse(HttpServerExchange exchange, ErrorResponse error) {
        if (!exchange.isResponseStarted()) {
            Exchanges.header(exchange, "Connection", "close");
            Exchanges.sendError(exchange, error);
        }
        return Optional.empty();
    }
}
