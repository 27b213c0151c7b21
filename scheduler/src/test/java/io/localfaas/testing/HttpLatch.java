package io.localfaas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A latch that function instances wait on over HTTP (the probe's {@code ?latch=PORT}, called on the host of
 * {@code LOCALFAAS_GATEWAY_URL}, else loopback; it listens on every address of this machine so that instances in a
 * network namespace of their own reach it at the host's address on their network): every GET is held
 * until {@link #release()}, so a test knows that requests are running at once because they all arrived here, instead
 * of hoping that sleeps overlap. Bounded: a held request is answered anyway after {@code maxHold}.
 */
public final class HttpLatch implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger arrived = new AtomicInteger();

    public HttpLatch(Duration maxHold) {
        try {
            server = HttpServer.create(new InetSocketAddress(0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            arrived.incrementAndGet();
            try {
                released.await(maxHold.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The query that makes the probe wait here. */
    public String query() {
        return "latch=" + server.getAddress().getPort();
    }

    /** Requests waiting here (or that waited) so far. */
    public int arrived() {
        return arrived.get();
    }

    public void release() {
        released.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
