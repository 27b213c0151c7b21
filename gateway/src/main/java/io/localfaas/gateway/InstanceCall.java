package io.localfaas.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.localfaas.gateway.upstream.HeadBytes;
import io.localfaas.gateway.upstream.Http1Exchange;
import io.localfaas.gateway.upstream.PassThrough;
import io.localfaas.gateway.upstream.UpstreamConnection;
import io.localfaas.gateway.upstream.UpstreamConnections;
import io.localfaas.port.Calls;
import io.localfaas.port.Happened;
import io.localfaas.port.Slot;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.RequestHead;
import io.localfaas.protocol.ResponseHead;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * One call to an instance, run on its client connection's I/O thread from end to end: the slot is in hand (taken at
 * once, or by a worker that waited for it and handed the call back), the call goes out on a kept connection of that
 * same I/O thread ({@link UpstreamConnections}), and the answer is written back from the callbacks, which all run on
 * that thread. A request body is either in hand or passed through from the client as it arrives (a large one with a
 * declared length). A small answer is read whole, its slot given back, then sent; a large or open-ended one is passed
 * through as it arrives and its slot given back when the last byte was written.
 *
 * <p>Outcomes: before the instance's head arrived, the function's timeout answers FC's timeout error and a failure
 * answers the instance's crash (worked out on a worker thread, because asking the engine how the instance ended may
 * block); after it, either one cuts the client's connection, so a cut-off body is never taken for a whole one; a client
 * that goes away cuts the instance's connection and does not blame the instance. Exactly one of them happens, and the
 * slot is given back once: {@link #done} is only touched on the I/O thread.
 */
final class InstanceCall {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceCall.class);
    private static final HttpString ERROR_TYPE = HttpString.tryFromString(HeaderNames.ERROR_TYPE);

    private final HttpServerExchange exchange;
    private final Calls calls;
    private final Slot slot;
    private final UpstreamConnections connections;
    private final InvokeRequest request;
    /** The client's headers to copy from the exchange (an HTTP trigger's call); null: the request's own. */
    private final ClientHeaders client;
    /** Present when the request body is passed through from the client: its declared length. */
    private final OptionalLong streamed;
    /** Whether the client asked to upgrade the connection to WebSocket (passed on to the instance). */
    private final boolean upgrade;
    /** The upgraded connections open now, which this call joins once the instance switched protocols. */
    private final Upgrades upgrades;
    private final Answer answer;
    private final long writeTimeoutMillis;
    private final long startNanos = System.nanoTime();
    private XnioExecutor.Key timer;
    private UpstreamConnection connection;
    /** The request and answer on {@link #connection}, once sent. */
    private Http1Exchange call;
    private boolean headArrived;
    private boolean done;
    /** Present while a large answer is being passed through. */
    private PassThrough passThrough;
    /** Present while a large request body is being passed through. */
    private PassThrough bodyThrough;
    /** Present once the instance switched protocols: the connection relayed both ways until it closes. */
    private UpgradeRelay relay;

    private InstanceCall(HttpServerExchange exchange, Calls calls, Slot slot, UpstreamConnections connections, long writeTimeoutMillis,
            InvokeRequest request, ClientHeaders client, OptionalLong streamed, boolean upgrade, Upgrades upgrades, Answer answer) {
        this.client = client;
        this.exchange = exchange;
        this.calls = calls;
        this.slot = slot;
        this.connections = connections;
        this.request = request;
        this.streamed = streamed;
        this.upgrade = upgrade;
        this.upgrades = upgrades;
        this.answer = answer;
        this.writeTimeoutMillis = writeTimeoutMillis;
    }

    /**
     * On the exchange's I/O thread: sends {@code request} to the slot's instance, its body from {@code request} or,
     * when {@code streamed} is present, from the client's request channel. With {@code upgrade}, the request asks the
     * instance to switch to WebSocket; if it does, the connection is relayed both ways ({@link UpgradeRelay}) and the
     * slot held until either side closes it or the function's timeout ends it. With {@code client}, the client's headers
     * are copied from the exchange as they came ({@link ClientHeaders}); without, {@code request}'s are sent.
     *
     * @param writeTimeoutMillis how long a client (or an instance taking a request body) may take nothing before it is
     *                           given up on
     */
    static void start(HttpServerExchange exchange, Calls calls, Slot slot, UpstreamConnections connections, long writeTimeoutMillis,
            InvokeRequest request, ClientHeaders client, OptionalLong streamed, boolean upgrade, Upgrades upgrades, Answer answer) {
        new InstanceCall(exchange, calls, slot, connections, writeTimeoutMillis, request, client, streamed, upgrade, upgrades, answer).start();
    }

    private void start() {
        timer = exchange.getIoThread().executeAfter(this::timedOut, slot.spec().timeout().toMillis(), TimeUnit.MILLISECONDS);
        connections.take(exchange.getIoThread(), slot.host(), slot.port(), c -> {
            connection = c;
            if (done) {
                c.close();
            } else {
                send();
            }
        }, this::fail);
    }

    private void send() {
        long length = streamed.orElse(request.body().length);
        HeadBytes head;
        if (client == null) {
            RequestHead h = slot.head(request, length);
            head = HeadBytes.start(Http1Exchange.name(h.method()), h.target());
            for (RequestHead.Header header : h.headers()) {
                head.header(header.name(), header.value());
            }
        } else {
            // The same head as RequestHead.of, written as bytes without a map or list per request: the client's Host, its
            // headers straight from the exchange, the request's x-fc-* headers, the instance's (made once), the length.
            slot.sending(request.requestId());
            head = HeadBytes.start(exchange.getRequestMethod(), request.pathAndQuery());
            HeaderMap in = exchange.getRequestHeaders();
            String host = in.getFirst(Headers.HOST);
            head.header(Headers.HOST, host == null || host.isBlank() ? slot.host() + ':' + slot.port() : host);
            client.copy(in, head);
            RequestHead.requestHeaders(request, head::header);
            head.headers(slot.instanceHeaders());
            head.header(Headers.CONTENT_LENGTH, Long.toString(length));
        }
        if (upgrade) {
            head.header(Headers.CONNECTION, Headers.UPGRADE_STRING).header(Headers.UPGRADE, Upgrades.WEBSOCKET);
        }
        Http1Exchange.Listener listener = new Http1Exchange.Listener() {
            @Override
            public void answered(ResponseHead answer, HeaderMap headers) {
                InstanceCall.this.answered(answer, headers);
            }

            @Override
            public void failed(IOException e) {
                fail(e);
            }
        };
        boolean headRequest = request.method().equalsIgnoreCase("HEAD");
        ByteBufferPool buffers = exchange.getConnection().getByteBufferPool();
        if (streamed.isPresent()) {
            call = Http1Exchange.send(connection, buffers, head.end(), null, headRequest, listener, x -> streamBody(x.requestBody(length)));
        } else {
            call = Http1Exchange.send(connection, buffers, head.end(), ByteBuffer.wrap(request.body()), headRequest, listener, null);
        }
    }

    /** Passes the client's body through to the instance as it arrives; a client that fails to send it is not the instance's fault. */
    private void streamBody(StreamSinkChannel sink) {
        bodyThrough = PassThrough.start(exchange.getRequestChannel(), sink, exchange.getConnection().getByteBufferPool(),
                exchange.getIoThread(), slot.spec().timeout().toMillis(), new PassThrough.Listener() {
                    @Override
                    public void ended() {
                        bodyThrough = null;
                    }

                    @Override
                    public void sourceFailed(IOException e) {
                        clientBodyFailed(e);
                    }

                    @Override
                    public void sinkFailed(IOException e) {
                        fail(e);
                    }
                });
    }

    private void answered(ResponseHead head, HeaderMap headers) {
        if (done) {
            return;
        }
        int status = head.status();
        if (upgrade && status == 101) {
            headArrived = true;
            relay = UpgradeRelay.start(exchange, headers, connection.stream(), slot.spec().timeout().toMillis(), this::relayEnded);
            upgrades.opened(this, exchange.getIoThread());
            return;
        }
        if (status < 200) {
            // An interim (1xx) status other than 100 as the final answer: the client would wait for a final answer that
            // never comes. The instance broke HTTP; the call fails as a dropped one.
            fail(new IOException("the instance answered " + status + ", an interim (1xx) status, as its final answer"));
            return;
        }
        headArrived = true;
        Optional<String> errorType = calls.errorType(request, status, Optional.ofNullable(headers.getFirst(ERROR_TYPE)));
        byte[] inHand = call.bodyInHand();
        if (inHand != null) {
            finish();
            answer.whole(exchange, slot, status, headers, errorType, inHand);
            return;
        }
        long length = head.framing() == ResponseHead.Framing.LENGTH ? head.length() : -1;
        if (errorType.isPresent() || (length >= 0 && length <= Forwarding.SMALL_BODY) || !answer.passesThrough()) {
            readWhole(call.body(), length, body -> {
                finish();
                answer.whole(exchange, slot, status, headers, errorType, body);
            });
        } else {
            answer.head(exchange, slot, status, headers);
            if (length >= 0) {
                exchange.setResponseContentLength(length);
            }
            passThrough(call.body());
        }
    }

    /** Reads a body whole (small, or a function error's JSON) and hands it on; all on the I/O thread. */
    private void readWhole(StreamSourceChannel source, long length, Consumer<byte[]> then) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream(length >= 0 ? (int) length : 512);
        ByteBuffer buf = ByteBuffer.allocate(length > 0 ? (int) Math.min(length, 16 * 1024) : 4 * 1024);
        ChannelListener<StreamSourceChannel> reader = new ChannelListener<>() {
            @Override
            public void handleEvent(StreamSourceChannel ch) {
                try {
                    for (int n; (n = ch.read(buf.clear())) != -1; ) {
                        if (n == 0) {
                            ch.getReadSetter().set(this);
                            ch.resumeReads();
                            return;
                        }
                        whole.write(buf.array(), 0, n);
                    }
                    ch.suspendReads();
                    ch.getReadSetter().set(null);
                } catch (IOException e) {
                    fail(e);
                    return;
                }
                if (!done) {
                    then.accept(whole.toByteArray());
                }
            }
        };
        reader.handleEvent(source);
    }

    /** Copies a large or open-ended body to the client as it arrives, without blocking either side. */
    private void passThrough(StreamSourceChannel source) {
        // HTTP/2 keeps what is written until a frame is full or flushed: a streamed answer is flushed as it arrives.
        boolean flush = exchange.getProtocol() == io.undertow.util.Protocols.HTTP_2_0;
        passThrough = PassThrough.start(source, exchange.getResponseChannel(), exchange.getConnection().getByteBufferPool(),
                exchange.getIoThread(), writeTimeoutMillis, new PassThrough.Listener() {
                    @Override
                    public void ended() {
                        finish();
                    }

                    @Override
                    public void sourceFailed(IOException e) {
                        fail(e);
                    }

                    @Override
                    public void sinkFailed(IOException e) {
                        clientGone(e);
                    }
                }, flush);
    }

    /**
     * The call ended whole: the slot goes back and the connection is kept for the next call (unless the instance
     * answered before it took the whole request body: that connection is closed).
     */
    private void finish() {
        boolean requestSent = bodyThrough == null;
        if (end()) {
            calls.give(slot, Happened.ANSWERED);
            if (requestSent && !upgrade && call.reusable()) {
                connections.giveBack(slot.host(), slot.port(), connection);
            } else {
                connection.close();
            }
        }
    }

    /** The client went away while the answer was being passed through: the instance is not blamed. */
    private void clientGone(IOException e) {
        if (end()) {
            closeConnection();
            calls.give(slot, Happened.CLIENT_GONE);
            LOG.debug("client went away before the response was written: {}", e.toString());
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    /** Reading the client's body failed or it ended early: the instance is not blamed, the client is told so. */
    private void clientBodyFailed(IOException e) {
        if (end()) {
            closeConnection();
            calls.give(slot, Happened.CLIENT_BODY_FAILED);
            if (headArrived) {
                IoUtils.safeClose(exchange.getConnection());
            } else {
                Forwarding.refuse(exchange, ErrorResponse.invalidArgument("could not read the request body: " + e.getMessage()));
            }
        }
    }

    /** Either side closed the upgraded connection: the instance served it whole. */
    private void relayEnded() {
        if (end()) {
            calls.give(slot, Happened.ANSWERED);
        }
    }

    /**
     * Ends an upgraded connection before either side did (the drain's grace is over): both connections are closed and
     * the slot goes back. On the exchange's I/O thread.
     */
    void cut() {
        relayEnded();
    }

    private void timedOut() {
        if (relay != null) {
            // FC closes a WebSocket when the function's timeout is reached; the instance is not at fault.
            LOG.debug("request {}: the upgraded connection reached function {}'s timeout and is closed", Exchanges.requestId(exchange),
                    slot.spec().name());
            relayEnded();
        } else if (!done) {
            fail(new HttpTimeoutException("function " + slot.spec().name() + " did not answer within its timeout"));
        }
    }

    private void fail(IOException e) {
        if (relay != null) {
            // The client exchange of an upgraded connection fails when that connection closes: the relay's end.
            relayEnded();
            return;
        }
        if (!end()) {
            return;
        }
        closeConnection();
        Happened what = Happened.of(e);
        if (headArrived) {
            calls.give(slot, what);
            LOG.warn("request {}: instance {} {} mid-body; the client's connection is dropped", Exchanges.requestId(exchange),
                    slot.instanceId(), what == Happened.TIMED_OUT ? "ran past the function's timeout" : "failed (" + e.getMessage() + ")");
            IoUtils.safeClose(exchange.getConnection());
        } else if (!what.asksEngine()) {
            answer.platformError(exchange, calls.fail(slot, what, startNanos));
        } else {
            // How the instance ended is asked of the engine, which may take a moment: not on the I/O thread.
            exchange.dispatch(() -> answer.platformError(exchange, calls.fail(slot, what, startNanos)));
        }
    }

    /** Marks the call over (once): the timer and any copy stop. False when it was over already. */
    private boolean end() {
        if (done) {
            return false;
        }
        done = true;
        timer.remove();
        if (passThrough != null) {
            passThrough.abandon();
        }
        if (bodyThrough != null) {
            bodyThrough.abandon();
        }
        if (call != null) {
            call.abandon();
        }
        if (relay != null) {
            relay.close();
            upgrades.closed(this);
        }
        return true;
    }

    /** Closes the instance's connection, if one was taken. */
    private void closeConnection() {
        if (connection != null) {
            connection.close();
        }
    }
}
