package io.localfaas.gateway;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.localfaas.gateway.upstream.H2cConnections;
import io.localfaas.gateway.upstream.PassThrough;
import io.localfaas.port.Calls;
import io.localfaas.port.Happened;
import io.localfaas.port.Slot;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.RequestHead;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;

/**
 * One gRPC call to an instance, on the exchange's I/O thread from end to end, like {@link InstanceCall}: the slot is in
 * hand, the call is a stream on the thread's HTTP/2 cleartext connection to the instance ({@link H2cConnections}), and
 * its messages are passed through both ways as they arrive, each flushed on (a server stream streams), the instance's
 * trailers ({@code grpc-status}, {@code grpc-message}) passed on as the client's. The slot is held for the stream's life,
 * bounded by the function's timeout.
 *
 * <p>Outcomes: before the instance's head arrived, a failure or the function's timeout answers the platform's error as a
 * gRPC status ({@link Grpc#status}: UNAVAILABLE, DEADLINE_EXCEEDED, ...); after it, the client's stream ends with the
 * gateway's own trailers (UNAVAILABLE when the instance failed, DEADLINE_EXCEEDED when the function's timeout cut the
 * stream, as FC bounds it) and the instance's stream is reset. A client that goes away resets the instance's stream and
 * does not blame the instance. Exactly one happens, and the slot is given back once.
 */
final class GrpcCall {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcCall.class);
    private static final HttpString TE = HttpString.tryFromString("te");

    private final HttpServerExchange exchange;
    private final Calls calls;
    private final Slot slot;
    private final H2cConnections connections;
    private final InvokeRequest request;
    private final long writeTimeoutMillis;
    private final long startNanos = System.nanoTime();
    private XnioExecutor.Key timer;
    private ClientExchange call;
    private StreamSinkChannel toClient;
    private PassThrough up;
    private PassThrough down;
    private boolean headArrived;
    private boolean done;
    /** The gateway's own trailers, when it ended the client's stream itself. */
    private HeaderMap ownTrailers;

    private GrpcCall(HttpServerExchange exchange, Calls calls, Slot slot, H2cConnections connections, long writeTimeoutMillis,
            InvokeRequest request) {
        this.exchange = exchange;
        this.calls = calls;
        this.slot = slot;
        this.connections = connections;
        this.writeTimeoutMillis = writeTimeoutMillis;
        this.request = request;
    }

    /**
     * On the exchange's I/O thread: opens a stream to the slot's instance for {@code request} (its body is the client's,
     * passed through as it arrives).
     *
     * @param writeTimeoutMillis how long a client may take nothing of the answer before it is given up on
     */
    static void start(HttpServerExchange exchange, Calls calls, Slot slot, H2cConnections connections, long writeTimeoutMillis,
            InvokeRequest request) {
        new GrpcCall(exchange, calls, slot, connections, writeTimeoutMillis, request).start();
    }

    private long lifeMillis() {
        return slot.spec().timeout().toMillis();
    }

    private void start() {
        timer = exchange.getIoThread().executeAfter(this::timedOut, lifeMillis(), TimeUnit.MILLISECONDS);
        // A client that resets its stream (cancelled, past its deadline) ends the exchange even while nothing is copied.
        // The exchange also ends while the answer's last frame is flushed, before the copy says it ended: looked at after.
        exchange.addExchangeCompleteListener((ex, next) -> {
            try {
                exchange.getIoThread().execute(() -> {
                    if (!done) {
                        clientGone(Happened.CLIENT_GONE, new IOException("the client ended its stream"));
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the server is stopping: its connections close with it
            }
            next.proceed();
        });
        connections.take(exchange.getIoThread(), exchange.getConnection().getByteBufferPool(), slot.host(), slot.port(),
                orFail((ClientConnection c) -> {
                    if (!done) {
                        send(c);
                    }
                }));
    }

    private void send(ClientConnection connection) {
        RequestHead head = slot.head(request, -1);
        ClientRequest out = new ClientRequest().setMethod(HttpString.tryFromString(head.method())).setPath(head.target());
        HeaderMap headers = out.getRequestHeaders();
        for (RequestHead.Header h : head.headers()) {
            if (!h.name().equalsIgnoreCase("content-length")) {
                headers.add(HttpString.tryFromString(h.name().toLowerCase(Locale.ROOT)), h.value());
            }
        }
        headers.put(TE, "trailers"); // gRPC's request head carries it; HTTP/2 allows no other value
        // Undertow's HTTP/2 client ends a request without a length or coding at once: this one's body is the client's stream.
        headers.put(Headers.TRANSFER_ENCODING, "chunked");
        connection.sendRequest(out, orFail((ClientExchange c) -> {
            call = c;
            c.setResponseListener(orFail(this::answered));
            up = PassThrough.startFlushing(exchange.getRequestChannel(), c.getRequestChannel(), exchange.getConnection().getByteBufferPool(),
                    exchange.getIoThread(), lifeMillis(), new PassThrough.Listener() {
                        @Override
                        public void ended() {
                            up = null;
                        }

                        @Override
                        public void sourceFailed(IOException e) {
                            clientGone(Happened.CLIENT_BODY_FAILED, e);
                        }

                        @Override
                        public void sinkFailed(IOException e) {
                            fail(e);
                        }
                    });
        }));
    }

    /** A client callback that goes on with {@code next}, or fails the call. */
    private <T> ClientCallback<T> orFail(Consumer<T> next) {
        return Forwarding.callback(next, this::fail);
    }

    private void answered(ClientExchange c) {
        if (done) {
            return;
        }
        headArrived = true;
        exchange.setStatusCode(c.getResponse().getResponseCode());
        HeaderMap out = exchange.getResponseHeaders();
        for (HeaderValues h : c.getResponse().getResponseHeaders()) {
            if (forwarded(h.getHeaderName().toString())) {
                out.putAll(h.getHeaderName(), h);
            }
        }
        Forwarding.served(exchange, slot);
        exchange.putAttachment(HttpAttachments.RESPONSE_TRAILER_SUPPLIER, this::trailers);
        toClient = exchange.getResponseChannel();
        down = PassThrough.startFlushing(c.getResponseChannel(), toClient, exchange.getConnection().getByteBufferPool(),
                exchange.getIoThread(), writeTimeoutMillis, new PassThrough.Listener() {
                    @Override
                    public void ended() {
                        boolean stillSending = up != null;
                        if (end()) {
                            if (stillSending) {
                                IoUtils.safeClose(call.getRequestChannel()); // the instance answered whole before the client's stream ended
                            }
                            calls.give(slot, Happened.ANSWERED);
                        }
                    }

                    @Override
                    public void sourceFailed(IOException e) {
                        fail(e);
                    }

                    @Override
                    public void sinkFailed(IOException e) {
                        clientGone(Happened.CLIENT_GONE, e);
                    }
                });
    }

    private static boolean forwarded(String name) {
        return !name.startsWith(":") && HeaderNames.forwardResponse(name);
    }

    /**
     * The client's trailers, asked for when its stream's last frame is written: the gateway's own when it ended the
     * stream, else the instance's (Undertow's HTTP/2 client keeps a response's trailers as {@code REQUEST_TRAILERS}).
     */
    private HeaderMap trailers() {
        if (ownTrailers != null) {
            return ownTrailers;
        }
        HeaderMap theirs = call == null ? null : call.getAttachment(HttpAttachments.REQUEST_TRAILERS);
        if (theirs == null) {
            return null;
        }
        HeaderMap passed = new HeaderMap();
        for (HeaderValues h : theirs) {
            if (forwarded(h.getHeaderName().toString())) {
                passed.putAll(h.getHeaderName(), h);
            }
        }
        return passed;
    }

    /** The client went away, or its request stream failed: the instance's stream is reset and the instance not blamed. */
    private void clientGone(Happened what, IOException e) {
        if (end()) {
            resetInstanceStream();
            calls.give(slot, what);
            LOG.debug("request {}: the gRPC client's stream ended early: {}", Exchanges.requestId(exchange), e.toString());
            IoUtils.safeClose(exchange.getConnection()); // on HTTP/2: resets this stream only
        }
    }

    private void timedOut() {
        if (done) {
            return;
        }
        if (!headArrived) {
            fail(new HttpTimeoutException("function " + slot.spec().name() + " did not answer within its timeout"));
            return;
        }
        // FC bounds a gRPC stream by the function's timeout; the instance served it and is not at fault.
        end();
        resetInstanceStream();
        calls.give(slot, Happened.ANSWERED);
        endClientStream(Grpc.DEADLINE_EXCEEDED, "function " + slot.spec().name() + "'s timeout of " + lifeMillis() + "ms ended the stream");
    }

    private void fail(IOException e) {
        if (!end()) {
            return;
        }
        resetInstanceStream();
        Happened what = Happened.of(e);
        if (headArrived) {
            calls.give(slot, what);
            LOG.warn("request {}: instance {} {} mid-stream", Exchanges.requestId(exchange), slot.instanceId(),
                    what == Happened.TIMED_OUT ? "ran past the function's timeout" : "failed (" + e.getMessage() + ")");
            endClientStream(Grpc.UNAVAILABLE, "instance " + slot.instanceId() + " failed mid-stream");
        } else if (!what.asksEngine()) {
            Exchanges.sendError(exchange, ErrorResponse.from(calls.fail(slot, what, startNanos)));
        } else {
            // How the instance ended is asked of the engine, which may take a moment: not on the I/O thread.
            exchange.dispatch(() -> Exchanges.sendError(exchange, ErrorResponse.from(calls.fail(slot, what, startNanos))));
        }
    }

    /** Ends the client's stream after its head was sent, with the gateway's own status as its trailers. */
    private void endClientStream(int status, String message) {
        ownTrailers = Grpc.status(new HeaderMap(), status, message);
        try {
            toClient.shutdownWrites();
            if (!toClient.flush()) {
                toClient.getWriteSetter().set(ChannelListeners.flushingChannelListener(null, (ch, e) -> IoUtils.safeClose(exchange.getConnection())));
                toClient.resumeWrites();
            }
        } catch (IOException e) {
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    /** Resets the call's stream on the instance's connection (the connection stays for other calls). */
    private void resetInstanceStream() {
        if (call != null) {
            IoUtils.safeClose(call.getRequestChannel());
            if (headArrived) {
                IoUtils.safeClose(call.getResponseChannel());
            }
        }
    }

    /** Marks the call over (once): the timer and both copies stop. False when it was over already. */
    private boolean end() {
        if (done) {
            return false;
        }
        done = true;
        timer.remove();
        if (up != null) {
            up.abandon();
        }
        if (down != null) {
            down.abandon();
        }
        return true;
    }
}
