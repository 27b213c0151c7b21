package io.localfaas.gateway.upstream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

/**
 * Keep-alive HTTP/1.1 connections to instances, kept per I/O thread and per instance address: a connection belongs to
 * the I/O thread that opened it and is only ever used, given back and closed there, so nothing here is shared between
 * threads and no lock is taken. A connection idle for {@link #MAX_IDLE_NANOS} is closed instead of reused (runtimes
 * close idle keep-alive connections after 5 s; reusing one they are closing would fail a request that the instance
 * never saw, and a call is never retried); one the instance closed while it was idle is noticed by its I/O thread and
 * closed ({@link UpstreamConnection#idle}).
 */
public final class UpstreamConnections {
    static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final OptionMap OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    private record Idle(UpstreamConnection connection, long sinceNanos) {
    }

    private record Address(String host, int port) {
    }

    /** Above this many instance addresses on one thread, giving back sweeps the others for connections gone stale. */
    private static final int SWEEP_ABOVE = 16;

    private final ThreadLocal<Map<Address, ArrayDeque<Idle>>> idle = ThreadLocal.withInitial(HashMap::new);
    private final LongSupplier nanoTime;
    private final int sweepAbove;

    public UpstreamConnections() {
        this(System::nanoTime, SWEEP_ABOVE);
    }

    /**
     * @param nanoTime   the time source for idle ages (tests pass a fake)
     * @param sweepAbove instance addresses kept per thread above which a give-back sweeps the others
     */
    UpstreamConnections(LongSupplier nanoTime, int sweepAbove) {
        this.nanoTime = nanoTime;
        this.sweepAbove = sweepAbove;
    }

    /**
     * Hands {@code connected} a connection to {@code host:port} on {@code thread}, which must be the calling thread: the
     * most recently used idle one, or a new one; or hands {@code failed} why none could be opened. Either runs on
     * {@code thread}.
     */
    public void take(XnioIoThread thread, String host, int port, Consumer<UpstreamConnection> connected, Consumer<IOException> failed) {
        Address address = new Address(host, port);
        ArrayDeque<Idle> kept = idle.get().get(address);
        long now = nanoTime.getAsLong();
        for (Idle i; kept != null && (i = kept.pollLast()) != null; ) {
            if (reusable(i, now)) {
                connected.accept(i.connection());
                return;
            }
            i.connection().close();
        }
        if (kept != null) {
            idle.get().remove(address);
        }
        thread.openStreamConnection(new InetSocketAddress(host, port), null, OPTIONS).addNotifier(new IoFuture.HandlingNotifier<>() {
            @Override
            public void handleDone(StreamConnection stream, Object attachment) {
                connected.accept(new UpstreamConnection(stream));
            }

            @Override
            public void handleFailed(IOException e, Object attachment) {
                failed.accept(e);
            }

            @Override
            public void handleCancelled(Object attachment) {
                failed.accept(new IOException("connecting to " + host + ":" + port + " was cancelled"));
            }
        }, null);
    }

    /** Keeps a connection whose last exchange ended whole, on its own I/O thread (the calling one), for the next call. */
    public void giveBack(String host, int port, UpstreamConnection connection) {
        if (!connection.isOpen()) {
            return;
        }
        connection.idle();
        Map<Address, ArrayDeque<Idle>> byAddress = idle.get();
        long now = nanoTime.getAsLong();
        ArrayDeque<Idle> kept = byAddress.computeIfAbsent(new Address(host, port), a -> new ArrayDeque<>());
        dropStale(kept, now);
        kept.addLast(new Idle(connection, now));
        if (byAddress.size() > sweepAbove) {
            // Instances come and go (every code reload starts new ones on new ports): forget the addresses of those gone.
            byAddress.values().removeIf(other -> {
                dropStale(other, now);
                return other.isEmpty();
            });
        }
    }

    /** Instance addresses this thread keeps connections to (for tests). */
    int addressesKept() {
        return idle.get().size();
    }

    /** Closes the oldest connections first while they are too old to be reused or closed by the instance. */
    private static void dropStale(ArrayDeque<Idle> kept, long now) {
        for (Idle i; (i = kept.peekFirst()) != null && !reusable(i, now); ) {
            kept.pollFirst().connection().close();
        }
    }

    private static boolean reusable(Idle i, long now) {
        return i.connection().isOpen() && now - i.sinceNanos() < MAX_IDLE_NANOS;
    }
}
