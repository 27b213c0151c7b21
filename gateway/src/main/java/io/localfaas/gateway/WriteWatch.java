package io.localfaas.gateway;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.undertow.server.ServerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * Bounds how long a streamed answer's write to a client may make no progress: a client that stops reading would
 * otherwise hold a worker thread and the instance's slot until the function's timeout (a blocking write in Undertow
 * does not end by its socket write timeout). Once a second, every write in progress for longer than the limit has
 * its connection closed, which fails the write and gives the slot back.
 */
final class WriteWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteWatch.class);

    private final long limitNanos;
    private final Set<Watched> active = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "localfaas-write-watch");
        t.setDaemon(true);
        return t;
    });

    WriteWatch(Duration limit) {
        this.limitNanos = limit.toNanos();
        long period = Math.max(100, Math.min(1000, limit.toMillis() / 4));
        ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    Watched watch(OutputStream out, ServerConnection connection) {
        Watched w = new Watched(out, connection);
        active.add(w);
        return w;
    }

    private void tick() {
        long now = System.nanoTime();
        for (Watched w : active) {
            long since = w.writingSince;
            if (since != 0 && now - since > limitNanos) {
                LOG.warn("a client took no data for {}ms: its connection is closed", limitNanos / 1_000_000);
                IoUtils.safeClose(w.connection);
                active.remove(w);
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    /** A client's output stream whose writes (and flushes) are timed. */
    final class Watched extends FilterOutputStream {
        private final ServerConnection connection;
        private volatile long writingSince;

        private Watched(OutputStream out, ServerConnection connection) {
            super(out);
            this.connection = connection;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writingSince = System.nanoTime();
            try {
                out.write(b, off, len);
            } finally {
                writingSince = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            writingSince = System.nanoTime();
            try {
                out.flush();
            } finally {
                writingSince = 0;
            }
        }

        /** Ends the answer (the last write, bounded like the others). */
        void finish() throws IOException {
            writingSince = System.nanoTime();
            try {
                out.close();
            } finally {
                writingSince = 0;
            }
        }

        /** Stops watching; does not close the client's stream (a failed answer is cut off by closing the connection). */
        @Override
        public void close() {
            active.remove(this);
        }
    }
}
