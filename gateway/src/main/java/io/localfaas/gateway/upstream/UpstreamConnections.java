package io.localfaas.gateway.upstream;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioIoThread;

/**
 * Keep-alive HTTP/1.1 connections to instances, kept per I/O thread and per instance address: a connection belongs to
 * the I/O thread that opened it and is only ever used, given back and closed there, so nothing here is shared between
 * threads and no lock is taken. A connection idle for {@link #MAX_IDLE_NANOS} is closed instead of reused (runtimes
 * close idle keep-alive connections after 5 s; reusing one they are closing would fail a request that the instance
 * never saw, and a call is never retried); one the instance closed is noticed by its I/O thread and dropped.
 */
public final class UpstreamConnections {
    static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final OptionMap OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    private record Idle(ClientConnection connection, long sinceNanos) {
    }

    private record Address(String host, int port) {
    }

    private final ThreadLocal<Map<Address, ArrayDeque<Idle>>> idle = ThreadLocal.withInitial(HashMap::new);
    private final LongSupplier nanoTime;

    public UpstreamConnections() {
        this(System::nanoTime);
    }

    /** @param nanoTime the time source for idle ages (tests pass a fake) */
    UpstreamConnections(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Hands {@code callback} a connection to {@code host:port} on {@code thread}, which must be the calling thread:
     * the most recently used idle one, or a new one. The callback runs on {@code thread}.
     */
    public void take(XnioIoThread thread, ByteBufferPool buffers, String host, int port, ClientCallback<ClientConnection> callback) {
        ArrayDeque<Idle> kept = idle.get().get(new Address(host, port));
        long now = nanoTime.getAsLong();
        for (Idle i; kept != null && (i = kept.pollLast()) != null; ) {
            if (i.connection().isOpen() && now - i.sinceNanos() < MAX_IDLE_NANOS) {
                callback.completed(i.connection());
                return;
            }
            IoUtils.safeClose(i.connection());
        }
        UndertowClient.getInstance().connect(callback, URI.create("http://" + host + ":" + port), thread, buffers, OPTIONS);
    }

    /** Keeps a connection whose last exchange ended whole, on its own I/O thread (the calling one), for the next call. */
    public void giveBack(String host, int port, ClientConnection connection) {
        if (!connection.isOpen()) {
            return;
        }
        ArrayDeque<Idle> kept = idle.get().computeIfAbsent(new Address(host, port), a -> new ArrayDeque<>());
        long now = nanoTime.getAsLong();
        // The oldest first: drop those too old to be reused, so an instance that is gone leaves nothing behind for long.
        for (Idle i; (i = kept.peekFirst()) != null && (!i.connection().isOpen() || now - i.sinceNanos() >= MAX_IDLE_NANOS); ) {
            IoUtils.safeClose(kept.pollFirst().connection());
        }
        kept.addLast(new Idle(connection, now));
    }
}
