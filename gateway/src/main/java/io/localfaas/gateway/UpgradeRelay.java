package io.localfaas.gateway;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Transfer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelExceptionHandler;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;

/**
 * One upgraded connection (WebSocket) after the instance answered {@code 101 Switching Protocols}: the client's and the
 * instance's connections are handed over by Undertow and their bytes copied both ways, without blocking, until either
 * side closes; then both are closed and {@link #ended} runs once. Bytes the instance sent right after its 101 are read
 * first from its connection (they were read with the head and put back). The caller ({@link InstanceCall}) holds the slot and the
 * function's timeout and ends the relay with {@link #close}. Everything runs on the exchange's I/O thread, which is also
 * the instance connection's.
 */
final class UpgradeRelay {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeRelay.class);
    /** Headers of the instance's 101 that are not passed on: the server sets its own. */
    private static final Set<String> NOT_PASSED = Set.of("connection", "content-length", "transfer-encoding", "date", "server",
            "keep-alive");

    private final Runnable ended;
    private final long lifeMillis;
    private StreamConnection client;
    private StreamConnection instance;
    private boolean closed;

    private UpgradeRelay(Runnable ended, long lifeMillis) {
        this.ended = ended;
        this.lifeMillis = lifeMillis;
    }

    /**
     * On the exchange's I/O thread: answers the client the instance's {@code 101} ({@code call}'s response headers) and,
     * once it is written, relays both ways. {@code ended} runs once when either side closed the connection (not when
     * {@link #close} ended it). The gateway's read and write timeouts on the client's connection become {@code lifeMillis}
     * (the function's timeout, which ends the relay anyway): a WebSocket may be quiet for longer than an HTTP request
     * may stall.
     */
    static UpgradeRelay start(HttpServerExchange exchange, HeaderMap headers, StreamConnection instance, long lifeMillis, Runnable ended) {
        UpgradeRelay relay = new UpgradeRelay(ended, lifeMillis);
        HeaderMap out = exchange.getResponseHeaders();
        for (HeaderValues h : headers) {
            String name = h.getHeaderName().toString().toLowerCase(Locale.ROOT);
            if (!NOT_PASSED.contains(name) && !name.startsWith("x-fc-")) {
                out.putAll(h.getHeaderName(), h);
            }
        }
        ByteBufferPool buffers = exchange.getConnection().getByteBufferPool();
        exchange.upgradeChannel((clientConnection, ex) -> relay.connected(clientConnection, instance, buffers));
        exchange.endExchange();
        return relay;
    }

    private void connected(StreamConnection clientConnection, StreamConnection instanceConnection, ByteBufferPool buffers) {
        client = clientConnection;
        instance = instanceConnection;
        if (closed) {
            IoUtils.safeClose(client, instance);
            return;
        }
        try {
            client.setOption(Options.READ_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, lifeMillis));
            client.setOption(Options.WRITE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, lifeMillis));
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("the upgraded connection keeps the gateway's timeouts: {}", e.toString());
        }
        ChannelListener<StreamConnection> onClose = c -> closedBySide();
        client.setCloseListener(onClose);
        instance.setCloseListener(onClose);
        ChannelExceptionHandler<java.nio.channels.Channel> failed = (channel, e) -> {
            LOG.debug("upgraded connection failed: {}", e.toString());
            closedBySide();
        };
        ChannelListener<StreamSinkChannel> drained = flushedThenClosed();
        Transfer.initiateTransfer(instance.getSourceChannel(), client.getSinkChannel(), ChannelListeners.closingChannelListener(), drained,
                failed, failed, buffers);
        Transfer.initiateTransfer(client.getSourceChannel(), instance.getSinkChannel(), ChannelListeners.closingChannelListener(), drained,
                failed, failed, buffers);
    }

    /** After one side's last byte was copied to the other: that other side is flushed, then both are closed. */
    private ChannelListener<StreamSinkChannel> flushedThenClosed() {
        return sink -> {
            try {
                sink.shutdownWrites();
                if (!sink.flush()) {
                    sink.getWriteSetter().set(ChannelListeners.flushingChannelListener(s -> closedBySide(), (s, e) -> closedBySide()));
                    sink.resumeWrites();
                    return;
                }
            } catch (IOException e) {
                LOG.debug("upgraded connection failed while closing: {}", e.toString());
            }
            closedBySide();
        };
    }

    private void closedBySide() {
        if (!closed) {
            close();
            ended.run();
        }
    }

    /** Closes both connections (the client sees the connection drop: WebSocket's 1006); {@link #ended} does not run. */
    void close() {
        closed = true;
        IoUtils.safeClose(client, instance);
    }
}
