package io.localfaas.logs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.localfaas.port.LogTails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logs of one service's functions: a ring buffer per function bounded by bytes, and a file per function
 * ({@code <dir>/<service>/<function>.log}, rotated to {@code .log.1} past {@code maxFileBytes}), folders and files the
 * platform's user's alone (0700, 0600). Thread-safe.
 */
public final class LogStore implements LogTails, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);
    /** Ring buffer per function. */
    public static final int DEFAULT_BUFFER_BYTES = 512 * 1024;
    public static final long DEFAULT_MAX_FILE_BYTES = 10L * 1024 * 1024;

    private final Path serviceDir;
    private final int bufferBytes;
    private final long maxFileBytes;
    private final Map<String, Buffer> buffers = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> forged = new ConcurrentHashMap<>();
    private volatile java.util.function.BiConsumer<String, LogLine> listener = (function, line) -> { };
    private final int queueCapacity;
    private volatile LogQueue queue;

    public LogStore(Path dir, String service, int bufferBytes, long maxFileBytes) {
        this(dir, service, bufferBytes, maxFileBytes, LogQueue.DEFAULT_CAPACITY);
    }

    /** A store whose {@link #offer} queue holds at most {@code queueCapacity} lines. */
    public LogStore(Path dir, String service, int bufferBytes, long maxFileBytes, int queueCapacity) {
        this.serviceDir = dir.resolve(service);
        this.bufferBytes = bufferBytes;
        this.maxFileBytes = maxFileBytes;
        this.queueCapacity = queueCapacity;
    }

    public LogStore(Path dir, String service) {
        this(dir, service, DEFAULT_BUFFER_BYTES, DEFAULT_MAX_FILE_BYTES);
    }

    /**
     * Where logs go unless configured: {@code $LOCALFAAS_STATE_DIR/logs}, else {@code ~/.localfaas/logs}
     * (the system property {@code localfaas.stateDir} wins over both).
     */
    public static Path defaultDir() {
        String dir = System.getProperty("localfaas.stateDir", System.getenv("LOCALFAAS_STATE_DIR"));
        Path state = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".localfaas");
        return state.resolve("logs");
    }

    /** The log file of {@code function} of {@code service} under {@code dir}. */
    public static Path file(Path dir, String service, String function) {
        return dir.resolve(service).resolve(function + ".log");
    }

    public Path file(String function) {
        return serviceDir.resolve(function + ".log");
    }

    public void append(String function, LogLine line) {
        buffers.computeIfAbsent(function, f -> new Buffer(file(f))).add(line);
        try {
            listener.accept(function, line);
        } catch (RuntimeException e) {
            LOG.debug("the line listener failed: {}", e.toString());
        }
    }

    /**
     * {@link #append}s {@code line} on the store's own thread, behind a bounded queue: the caller (an instance's output
     * follower) never waits; under a flood lines are dropped, counted ({@link #droppedLines}) and reported ({@link LogQueue}).
     */
    public void offer(String function, LogLine line) {
        LogQueue q = queue;
        if (q == null) {
            synchronized (this) {
                if (queue == null) {
                    queue = new LogQueue(this::append, queueCapacity);
                }
                q = queue;
            }
        }
        q.offer(function, line);
    }

    /** Lines dropped under floods so far, per function (only functions that lost some). */
    public Map<String, Long> droppedLines() {
        LogQueue q = queue;
        return q == null ? Map.of() : q.dropped();
    }

    /** A line of {@code function} was a marker for a call the platform did not send its instance ({@link RequestIds}). */
    void forgedMarker(String function) {
        forged.computeIfAbsent(function, f -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
    }

    /** Forged marker lines so far, per function (only functions that printed some). */
    public Map<String, Long> forgedMarkers() {
        Map<String, Long> out = new java.util.TreeMap<>();
        forged.forEach((f, n) -> out.put(f, n.get()));
        return out;
    }

    /** Hears every line appended from now on ({@code faas up} prints them); one listener, replaced by the next call. */
    public void onLine(java.util.function.BiConsumer<String, LogLine> listener) {
        this.listener = listener;
    }

    /** The lines of {@code requestId} in {@code function}'s buffer, oldest first, cut from the front to {@code maxBytes}. */
    @Override
    public String tail(String function, String requestId, int maxBytes) {
        Buffer b = buffers.get(function);
        if (b == null) {
            return "";
        }
        return lastBytes(b.lines(l -> l.requestId().filter(requestId::equals).isPresent()), maxBytes);
    }

    /**
     * {@link #tail} once the call's end marker ({@code FC Invoke End RequestId: <id>}) has arrived, waiting for it at
     * most {@code wait}: an instance's output reaches the store a little after its response, so an
     * {@code X-Fc-Log-Type: Tail} answer should wait for it. After {@code wait} it returns what there is.
     */
    @Override
    public String tailAfterEnd(String function, String requestId, int maxBytes, Duration wait) throws InterruptedException {
        Buffer b = buffers.computeIfAbsent(function, f -> new Buffer(file(f)));
        b.awaitLine(l -> l.requestId().filter(requestId::equals).isPresent() && l.text().startsWith("FC Invoke End RequestId: " + requestId),
                wait);
        return tail(function, requestId, maxBytes);
    }

    /** The most recent lines of {@code function}, oldest first. */
    public List<LogLine> recent(String function, int maxLines) {
        Buffer b = buffers.get(function);
        if (b == null) {
            return List.of();
        }
        List<LogLine> all = b.lines(l -> true);
        return all.subList(Math.max(0, all.size() - maxLines), all.size());
    }

    /** Joins lines with '\n' and keeps the last {@code maxBytes} UTF-8 bytes, starting at a whole line where possible. */
    static String lastBytes(List<LogLine> lines, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int used = 0;
        List<String> kept = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String t = lines.get(i).text();
            int size = t.getBytes(StandardCharsets.UTF_8).length + 1;
            if (used + size > maxBytes) {
                if (kept.isEmpty()) {
                    byte[] b = t.getBytes(StandardCharsets.UTF_8);
                    kept.add(new String(b, b.length - (maxBytes - 1), maxBytes - 1, StandardCharsets.UTF_8));
                }
                break;
            }
            used += size;
            kept.add(t);
        }
        for (int i = kept.size() - 1; i >= 0; i--) {
            out.append(kept.get(i)).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        LogQueue q = queue;
        if (q != null) {
            q.close();
        }
        buffers.values().forEach(Buffer::close);
    }

    private final class Buffer {
        private final Path file;
        private final Deque<LogLine> lines = new ArrayDeque<>();
        private long bytes;
        private BufferedWriter writer;
        private long fileBytes;
        private boolean fileBroken;

        Buffer(Path file) {
            this.file = file;
        }

        synchronized void add(LogLine line) {
            lines.addLast(line);
            bytes += weight(line);
            while (bytes > bufferBytes && lines.size() > 1) {
                bytes -= weight(lines.removeFirst());
            }
            write(line.fileLine());
            notifyAll();
        }

        synchronized List<LogLine> lines(java.util.function.Predicate<LogLine> which) {
            return lines.stream().filter(which).toList();
        }

        synchronized void awaitLine(java.util.function.Predicate<LogLine> which, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (lines.stream().noneMatch(which)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        private void write(String text) {
            if (fileBroken) {
                return;
            }
            try {
                if (writer == null) {
                    io.localfaas.backend.OwnerOnly.createDirectories(file.getParent());
                    fileBytes = Files.exists(file) ? Files.size(file) : 0;
                    writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    io.localfaas.backend.OwnerOnly.file(file);
                }
                if (fileBytes > maxFileBytes) {
                    writer.close();
                    Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
                    writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    io.localfaas.backend.OwnerOnly.file(file);
                    fileBytes = 0;
                }
                writer.write(text);
                writer.write('\n');
                writer.flush();
                fileBytes += text.length() + 1;
            } catch (IOException e) {
                fileBroken = true;
                LOG.warn("cannot write the log file {} ({}); function logs stay in memory only", file, e.toString());
            }
        }

        synchronized void close() {
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException e) {
                    LOG.debug("closing {}: {}", file, e.toString());
                }
                writer = null;
            }
        }

        private static long weight(LogLine l) {
            return l.text().length() + 64L;
        }
    }
}
