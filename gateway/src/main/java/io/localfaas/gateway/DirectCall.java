package io.localfaas.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.localfaas.CallFailure;
import io.localfaas.Leased;
import io.localfaas.Scheduler;
import io.localfaas.failure.PlatformException;
import io.localfaas.backend.RunningInstance;
import io.localfaas.gateway.upstream.PassThrough;
import io.localfaas.gateway.upstream.UpstreamConnections;
import io.localfaas.pool.Outcome;
import io.localfaas.protocol.InstanceClient;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.RequestHead;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * One call served on its client connection's I/O thread from end to end: the slot was taken without
 * waiting ({@link Scheduler#tryAcquire}), the call goes out on a kept connection of that same I/O thread
 * ({@link UpstreamConnections}), and the answer is written back from the callbacks, which all run on that thread; no
 * worker thread and no thread hand-off is involved. A small answer is read whole, its slot given back, then sent; a
 * large or open-ended one is passed through as it arrives and its slot given back when the last byte was written.
 *
 * <p>Outcomes, the same as the worker path's: before the instance's head arrived, the function's timeout answers
 * FC's timeout error and a failure answers the instance's crash (worked out on a worker thread, because asking the
 * engine how the instance ended may block); after it, either one cuts the client's connection, so a cut-off body is
 * never taken for a whole one. Exactly one of them happens: {@link #done} is only touched on the I/O thread.
 */
final class DirectCall {
    private static final Logger LOG = LoggerFactory.getLogger(DirectCall.class);

    private final HttpServerExchange exchange;
    private final Scheduler scheduler;
    private final Leased leased;
    private final UpstreamConnections connections;
    private final InvokeRequest request;
    private final Answer answer;
    private final RunningInstance target;
    private final long writeTimeoutMillis;
    private final long startNanos = System.nanoTime();
    private XnioExecutor.Key timer;
    private ClientConnection connection;
    private boolean headArrived;
    private boolean done;
    /** Present while a large answer is being passed through. */
    private PassThrough passThrough;

    private DirectCall(HttpServerExchange exchange, Scheduler scheduler, Leased leased, UpstreamConnections connections,
            long writeTimeoutMillis, InvokeRequest request, Answer answer) {
        this.exchange = exchange;
        this.scheduler = scheduler;
        this.leased = leased;
        this.connections = connections;
        this.request = request;
        this.answer = answer;
        this.target = leased.lease().instance();
        this.writeTimeoutMillis = writeTimeoutMillis;
    }

    /**
     * On the exchange's I/O thread, with the request body in {@code request}: sends it to the leased instance.
     *
     * @param writeTimeoutMillis how long a client may take nothing of a passed-through answer before it is given up on
     */
    static void start(HttpServerExchange exchange, Scheduler scheduler, Leased leased, UpstreamConnections connections,
            long writeTimeoutMillis, InvokeRequest request, Answer answer) {
        new DirectCall(exchange, scheduler, leased, connections, writeTimeoutMillis, request, answer).start();
    }

    private void start() {
        timer = exchange.getIoThread().executeAfter(this::timedOut, leased.spec().timeout().toMillis(), TimeUnit.MILLISECONDS);
        connections.take(exchange.getIoThread(), exchange.getConnection().getByteBufferPool(), target.host(), target.port(),
                orFail((ClientConnection c) -> {
                    connection = c;
                    if (done) {
                        IoUtils.safeClose(c);
                    } else {
                        send();
                    }
                }));
    }

    private void send() {
        RequestHead head = RequestHead.of(target, leased.spec(), request, request.body().length);
        ClientRequest out = new ClientRequest().setMethod(HttpString.tryFromString(head.method())).setPath(head.target());
        HeaderMap headers = out.getRequestHeaders();
        for (RequestHead.Header h : head.headers()) {
            headers.add(HttpString.tryFromString(h.name()), h.value());
        }
        connection.sendRequest(out, orFail((ClientExchange call) -> {
            call.setResponseListener(orFail(this::answered));
            writeBody(call.getRequestChannel(), ByteBuffer.wrap(request.body()));
        }));
    }

    /** A client callback that goes on with {@code next}, or fails the call. */
    private <T> ClientCallback<T> orFail(Consumer<T> next) {
        return new ClientCallback<>() {
            @Override
            public void completed(T result) {
                next.accept(result);
            }

            @Override
            public void failed(IOException e) {
                fail(e);
            }
        };
    }

    private void writeBody(StreamSinkChannel sink, ByteBuffer body) {
        ChannelListener<StreamSinkChannel> writer = new ChannelListener<>() {
            @Override
            public void handleEvent(StreamSinkChannel ch) {
                try {
                    while (body.hasRemaining()) {
                        if (ch.write(body) == 0) {
                            ch.getWriteSetter().set(this);
                            ch.resumeWrites();
                            return;
                        }
                    }
                    ch.suspendWrites();
                    ch.shutdownWrites();
                    if (!ch.flush()) {
                        ch.getWriteSetter().set(ChannelListeners.flushingChannelListener(null, (c, e) -> fail(e)));
                        ch.resumeWrites();
                    }
                } catch (IOException e) {
                    fail(e);
                }
            }
        };
        writer.handleEvent(sink);
    }

    private void answered(ClientExchange call) {
        if (done) {
            return;
        }
        headArrived = true;
        int status = call.getResponse().getResponseCode();
        Map<String, List<String>> headers = headersOf(call.getResponse().getResponseHeaders());
        Optional<String> errorType = InstanceClient.errorType(request, status, headers);
        long length = contentLength(call.getResponse().getResponseHeaders());
        boolean noBody = request.method().equalsIgnoreCase("HEAD") || status == 204 || status == 304;
        if (noBody || errorType.isPresent() || (length >= 0 && length <= Forwarding.SMALL_BODY) || !answer.passesThrough()) {
            readWhole(call.getResponseChannel(), noBody ? 0 : length, body -> {
                finish();
                answer.whole(exchange, leased.lease(), status, headers, errorType, body);
            });
        } else {
            answer.head(exchange, leased.lease(), status, headers);
            if (length >= 0) {
                exchange.setResponseContentLength(length);
            }
            passThrough(call.getResponseChannel());
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
                });
    }

    /** The call ended whole: the slot goes back and the connection is kept for the next call. */
    private void finish() {
        if (done) {
            return;
        }
        done = true;
        timer.remove();
        scheduler.release(leased, Outcome.OK);
        connections.giveBack(target.host(), target.port(), connection);
    }

    /** The client went away while the answer was being passed through: the instance is not blamed. */
    private void clientGone(IOException e) {
        if (done) {
            return;
        }
        done = true;
        timer.remove();
        IoUtils.safeClose(connection);
        scheduler.release(leased, Outcome.OK);
        LOG.debug("client went away before the response was written: {}", e.toString());
        IoUtils.safeClose(exchange.getConnection());
    }

    private void timedOut() {
        if (!done) {
            fail(new HttpTimeoutException("function " + leased.spec().name() + " did not answer within its timeout"));
        }
    }

    private void fail(IOException e) {
        if (done) {
            return;
        }
        done = true;
        timer.remove();
        if (passThrough != null) {
            passThrough.abandon();
        }
        IoUtils.safeClose(connection);
        boolean timedOut = e instanceof HttpTimeoutException;
        if (headArrived) {
            scheduler.release(leased, timedOut ? Outcome.TIMED_OUT : Outcome.CRASHED);
            LOG.warn("request {}: instance {} {} mid-body; the client's connection is dropped", Exchanges.requestId(exchange),
                    leased.lease().instanceId(), timedOut ? "ran past the function's timeout" : "failed (" + e.getMessage() + ")");
            IoUtils.safeClose(exchange.getConnection());
        } else if (timedOut) {
            answer.platformError(exchange, failed(e));
        } else {
            // How the instance ended is asked of the engine, which may take a moment: not on the I/O thread.
            exchange.dispatch(() -> answer.platformError(exchange, failed(e)));
        }
    }

    /**
     * What the request sees of a call that failed before the answer, the slot given back as that says. Only a timeout
     * is worked out without asking the engine (so on the I/O thread); see {@link Scheduler#failure}.
     */
    private PlatformException failed(IOException e) {
        CallFailure failure = scheduler.failure(leased, e, startNanos);
        scheduler.release(leased, failure.outcome());
        return failure.exception();
    }

    /** An answer's headers as the blocking client reads them: names in lower case (HTTP names are case-insensitive). */
    private static Map<String, List<String>> headersOf(HeaderMap in) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (HeaderValues values : in) {
            out.computeIfAbsent(values.getHeaderName().toString().toLowerCase(Locale.ROOT), k -> new ArrayList<>(values.size()))
                    .addAll(values);
        }
        return out;
    }

    private static long contentLength(HeaderMap headers) {
        String v = headers.getFirst(io.undertow.util.Headers.CONTENT_LENGTH);
        if (v == null || headers.contains(io.undertow.util.Headers.TRANSFER_ENCODING)) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
