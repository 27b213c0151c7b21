package io.localfaas.logs;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import io.localfaas.backend.LogStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded hand-off between the instances' output followers and where lines are kept (the store: its file and the
 * terminal). A follower never waits for the store: it reads the engine's stream as fast as the engine gives it, so the
 * engine's own log files are not overrun unseen by a flood. When the queue is full a line is dropped <em>and
 * counted</em>, per function; the next line of that function that fits is preceded by a report
 * ({@code faas: N lines of <fn> dropped ...}), which also goes to the platform's log. One thread drains the queue.
 */
public final class LogQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogQueue.class);
    /** Lines waiting for the store, all functions together. */
    public static final int DEFAULT_CAPACITY = 16_384;

    private record Entry(String function, LogLine line) {
    }

    private static final Entry STOP = new Entry("", new LogLine("", LogStream.STDOUT, Optional.empty(), ""));

    private final BlockingQueue<Entry> queue;
    private final BiConsumer<String, LogLine> sink;
    private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();
    /** Dropped since the last report, per function. */
    private final Map<String, AtomicLong> unreported = new ConcurrentHashMap<>();
    private final Thread drainer;

    public LogQueue(BiConsumer<String, LogLine> sink, int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sink = sink;
        this.drainer = new Thread(this::drain, "localfaas-log-queue");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Queues {@code line} of {@code function} for the store, or drops and counts it when the queue is full. */
    public void offer(String function, LogLine line) {
        AtomicLong behind = unreported.get(function);
        long missed = behind == null ? 0 : behind.get();
        if (missed > 0 && queue.remainingCapacity() >= 2 && behind.compareAndSet(missed, 0)) {
            String report = report(function, missed);
            LOG.warn(report);
            queue.offer(new Entry(function, new LogLine(line.instanceId(), LogStream.STDERR, Optional.empty(), report)));
        }
        if (!queue.offer(new Entry(function, line))) {
            dropped.computeIfAbsent(function, f -> new AtomicLong()).incrementAndGet();
            unreported.computeIfAbsent(function, f -> new AtomicLong()).incrementAndGet();
        }
    }

    /** The report of {@code count} lines dropped. Pure. */
    static String report(String function, long count) {
        return "faas: " + count + " lines of " + function + " dropped: it printed faster than they could be stored";
    }

    /** Lines dropped so far, per function (only functions that lost some). */
    public Map<String, Long> dropped() {
        Map<String, Long> out = new java.util.TreeMap<>();
        dropped.forEach((f, n) -> out.put(f, n.get()));
        return out;
    }

    private void drain() {
        try {
            while (true) {
                Entry e = queue.take();
                if (e == STOP) {
                    return;
                }
                try {
                    sink.accept(e.function(), e.line());
                } catch (RuntimeException ex) {
                    LOG.debug("storing a line of {} failed: {}", e.function(), ex.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stores what is queued (waiting at most 2 s for it), then stops the drainer. */
    @Override
    public void close() {
        try {
            if (!queue.offer(STOP, 2, TimeUnit.SECONDS)) {
                drainer.interrupt();
            }
            drainer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainer.interrupt();
    }
}
