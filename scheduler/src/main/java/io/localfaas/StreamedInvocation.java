package io.localfaas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.localfaas.lifecycle.ColdStart;
import io.localfaas.pool.Outcome;

/**
 * An instance's answer whose headers have arrived and whose body is still coming: the instance's slot stays taken
 * until the body was copied ({@link #transferTo}) or {@link #close()}d, and is given back exactly once whichever comes
 * first: the copy finishing, the client going away, the instance dying mid-body, the function's timeout (counted from
 * the start of the call) passing, or close.
 */
public final class StreamedInvocation implements AutoCloseable {
    private final int status;
    private final Map<String, List<String>> headers;
    private final Optional<String> errorType;
    private final InputStream body;
    private final String instanceId;
    private final Optional<ColdStart> coldStart;
    private final Duration queueWait;
    private final Consumer<Outcome> release;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean timedOut;
    private volatile ScheduledFuture<?> deadline;

    StreamedInvocation(int status, Map<String, List<String>> headers, Optional<String> errorType, InputStream body, String instanceId,
            Optional<ColdStart> coldStart, Duration queueWait, Consumer<Outcome> release) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.errorType = errorType;
        this.body = body;
        this.instanceId = instanceId;
        this.coldStart = coldStart;
        this.queueWait = queueWait;
        this.release = release;
    }

    public int status() {
        return status;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The FC error type when the function failed; empty on success. */
    public Optional<String> errorType() {
        return errorType;
    }

    public String instanceId() {
        return instanceId;
    }

    public Optional<ColdStart> coldStart() {
        return coldStart;
    }

    public Duration queueWait() {
        return queueWait;
    }

    /** The instance's {@code Content-Length}, when it sent one. */
    public Optional<Long> contentLength() {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("content-length"))
                .flatMap(h -> h.getValue().stream()).findFirst().flatMap(StreamedInvocation::parseLength);
    }

    private static Optional<Long> parseLength(String v) {
        try {
            long n = Long.parseLong(v.trim());
            return n >= 0 ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Reads the whole (small) body, for a function error's JSON; releases the slot. */
    public byte[] readAll() throws IOException {
        try {
            byte[] all = body.readAllBytes();
            finish(Outcome.OK);
            return all;
        } catch (IOException e) {
            finish(timedOut ? Outcome.TIMED_OUT : Outcome.CRASHED);
            throw e;
        }
    }

    /**
     * Copies the body to {@code out} as it arrives and releases the slot. With a {@code Content-Length}, the slot is
     * given back once the last byte arrived from the instance and before it is written: a client that sends its next
     * request as soon as it has the whole answer finds the slot free again (no scale-out for a sequential client).
     *
     * @throws InstanceBodyException when the instance died, or the function's timeout passed, before the body ended
     * @throws IOException           when writing to {@code out} failed (the client went away)
     */
    public void transferTo(OutputStream out) throws IOException {
        long expected = contentLength().orElse(-1L);
        long total = 0;
        byte[] buf = new byte[16 * 1024];
        while (true) {
            int n = readInstance(buf, 0, buf.length);
            if (n < 0) {
                break;
            }
            total += n;
            boolean last = total == expected && readInstance(new byte[1], 0, 1) < 0;
            if (last) {
                finish(timedOut ? Outcome.TIMED_OUT : Outcome.OK);
            }
            try {
                out.write(buf, 0, n);
                out.flush();
            } catch (IOException e) {
                close();
                throw e;
            }
            if (last) {
                break;
            }
        }
        finish(timedOut ? Outcome.TIMED_OUT : Outcome.OK);
        if (timedOut) {
            throw new InstanceBodyException(true, new IOException("the function's timeout passed"));
        }
    }

    private int readInstance(byte[] buf, int off, int len) throws InstanceBodyException {
        try {
            return body.read(buf, off, len);
        } catch (IOException e) {
            finish(timedOut ? Outcome.TIMED_OUT : Outcome.CRASHED);
            throw new InstanceBodyException(timedOut, e);
        }
    }

    void deadline(ScheduledFuture<?> deadline) {
        this.deadline = deadline;
    }

    /** The function's timeout passed while the body was still being copied: the instance is replaced. */
    void timeOut() {
        timedOut = true;
        finish(Outcome.TIMED_OUT);
    }

    /** Stops reading (dropping the connection to the instance when the body is not over) and releases the slot. */
    @Override
    public void close() {
        finish(timedOut ? Outcome.TIMED_OUT : Outcome.OK);
    }

    private void finish(Outcome outcome) {
        if (released.compareAndSet(false, true)) {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
            try {
                body.close();
            } catch (IOException e) {
                // the connection to the instance is dropped either way
            }
            release.accept(outcome);
        }
    }

    /** The instance's body ended early: it died, or the function's timeout passed. */
    public static final class InstanceBodyException extends IOException {
        private final boolean timedOut;

        InstanceBodyException(boolean timedOut, IOException cause) {
            super(cause.getMessage(), cause);
            this.timedOut = timedOut;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }
}
