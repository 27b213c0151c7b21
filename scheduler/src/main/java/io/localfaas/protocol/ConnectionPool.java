package io.localfaas.protocol;

import java.io.IOException;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idle keep-alive connections per instance address, most recently used first. A connection idle longer than
 * {@link #MAX_IDLE} is closed rather than reused (runtimes close idle connections themselves: Node after 5 s), and one
 * the instance closed meanwhile is noticed before it is used. Taking and giving back never block.
 */
final class ConnectionPool implements AutoCloseable {
    static final Duration MAX_IDLE = Duration.ofSeconds(2);
    private static final int MAX_IDLE_PER_TARGET = 256;
    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

    private final Map<String, Deque<Http1Connection>> idle = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime() + SWEEP_EVERY_NANOS);
    private volatile boolean closed;

    /** An idle connection to {@code host:port} that is still good, or a new one. */
    Http1Connection take(String host, int port, Duration connectTimeout) throws IOException {
        Deque<Http1Connection> q = idle.get(host + ":" + port);
        if (q != null) {
            long now = System.nanoTime();
            for (Http1Connection c; (c = q.pollFirst()) != null; ) {
                if (now - c.idleSince() < MAX_IDLE.toNanos() && c.reusable()) {
                    return c;
                }
                c.close();
            }
        }
        return Http1Connection.open(host, port, connectTimeout);
    }

    /** Keeps a connection whose last answer was read to its end for the next call to the same instance. */
    void giveBack(Http1Connection c) {
        long now = System.nanoTime();
        c.idleSince(now);
        Deque<Http1Connection> q = idle.computeIfAbsent(c.target(), t -> new ConcurrentLinkedDeque<>());
        if (closed || q.size() >= MAX_IDLE_PER_TARGET) {
            c.close();
        } else {
            q.offerFirst(c);
        }
        long due = nextSweep.get();
        if (now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
            sweep(now);
        }
    }

    /** Closes connections idle for too long (those of removed instances among them). */
    private void sweep(long now) {
        idle.forEach((target, q) -> {
            q.removeIf(c -> {
                if (now - c.idleSince() >= MAX_IDLE.toNanos()) {
                    c.close();
                    return true;
                }
                return false;
            });
        });
    }

    @Override
    public void close() {
        closed = true;
        idle.values().forEach(q -> {
            for (Http1Connection c; (c = q.pollFirst()) != null; ) {
                c.close();
            }
        });
    }
}
