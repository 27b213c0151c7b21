package io.localfaas.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;

import io.localfaas.port.Slot;
import io.undertow.client.ClientCallback;
import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * What every entry (HTTP triggers, the invoke API) shares around a call: reading a client's body within a limit
 * without blocking, the headers saying which instance served, and sending a whole answer from the I/O thread.
 */
final class Forwarding {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);
    /** Bodies up to this size are read whole (request: before the call; response: before the client gets it). */
    static final int SMALL_BODY = 64 * 1024;
    private static final long BACKSTOP_BYTES = 1024 * 1024;

    private Forwarding() {
    }

    /** A client callback that goes on with {@code next}, or hands its failure to {@code failed}. */
    static <T> ClientCallback<T> callback(Consumer<T> next, Consumer<IOException> failed) {
        return new ClientCallback<>() {
            @Override
            public void completed(T result) {
                next.accept(result);
            }

            @Override
            public void failed(IOException e) {
                failed.accept(e);
            }
        };
    }

    /** Runs {@code task} on a worker thread (for what may wait: a slot, an async queue, a log tail). */
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

    /** The headers and access-log fields saying which instance served, and how its slot was found. */
    static void served(HttpServerExchange exchange, Slot slot) {
        Exchanges.Access access = Exchanges.access(exchange);
        Optional<String> coldStart = slot.coldStart();
        access.instance = slot.instanceId();
        access.served = coldStart.isPresent() ? "cold" : "warm";
        access.queueWaitMillis = slot.queueWait().toMillis();
        HeaderMap out = exchange.getResponseHeaders();
        out.put(HeaderNames.INSTANCE_HEADER, slot.instanceId());
        out.put(HeaderNames.COLD_START_HEADER, coldStart.isPresent() ? "true" : "false");
        coldStart.ifPresent(cs -> out.put(HttpString.tryFromString(HeaderNames.START_BREAKDOWN), cs));
        out.put(HeaderNames.QUEUE_WAIT_HEADER, slot.queueWait().toMillis() + "ms");
    }

    /** Sends a whole body (status and headers already set), ending the exchange on its I/O thread. */
    static void sendFromIoThread(HttpServerExchange exchange, byte[] body) {
        exchange.setResponseContentLength(body.length);
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

    /**
     * Whether the request's body goes to the instance as it arrives instead of being read first: a declared length
     * over {@link #SMALL_BODY} and within {@code limit} (a chunked body is read, bounded, first: its size can only be
     * checked against the limit before the function sees it).
     */
    static boolean streams(HttpServerExchange exchange, long limit) {
        long length = exchange.getRequestContentLength();
        return !exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING) && length > SMALL_BODY && length <= limit;
    }

    /**
     * Reads the whole body without blocking, then runs {@code then} with it on the I/O thread; refuses it before reading
     * when Content-Length is over {@code limit}, and as soon as a chunked body passes it.
     */
    static void receive(HttpServerExchange exchange, long limit, boolean fcPath, Consumer<byte[]> then) {
        long length = exchange.getRequestContentLength();
        if (length > limit) {
            refuse(exchange, ErrorResponse.tooLarge(limit, fcPath));
            return;
        }
        // HTTP/2 frames a body without Content-Length or chunked coding: one of unknown length is read like a chunked one.
        boolean unknownLength = exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)
                || (length < 0 && exchange.getProtocol() == io.undertow.util.Protocols.HTTP_2_0);
        if (length <= 0 && !unknownLength) {
            then.accept(new byte[0]);
            return;
        }
        // Undertow's own entity limit drops the connection without an answer and counts declared chunk sizes; ours
        // counts bytes read and answers. Its limit stays well above ours as a backstop against a giant chunk.
        exchange.setMaxEntitySize(limit + BACKSTOP_BYTES);
        exchange.getRequestReceiver().setMaxBufferSize((int) Math.min(limit, Integer.MAX_VALUE - 8));
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, bytes) -> then.accept(bytes),
                (ex, e) -> refuse(ex, e instanceof Receiver.RequestToLargeException || e instanceof RequestTooBigException
                        ? ErrorResponse.tooLarge(limit, fcPath)
                        : ErrorResponse.invalidArgument("could not read the request body: " + e.getMessage())));
    }

    /** Answers {@code error} and closes the connection (the rest of the body is never read). */
    static void refuse(HttpServerExchange exchange, ErrorResponse error) {
        if (!exchange.isResponseStarted()) {
            Exchanges.header(exchange, "Connection", "close");
            Exchanges.sendError(exchange, error);
        }
    }
}
