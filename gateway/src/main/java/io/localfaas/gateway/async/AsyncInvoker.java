package io.localfaas.gateway.async;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Async invocations (FC {@code X-Fc-Invocation-Type: Async}): a bounded queue drained by a fixed set of workers.
 * A failed attempt (function error or platform failure) is retried up to {@code retries} times with exponential
 * backoff; what still fails goes to a bounded dead-letter store. Results are kept, bounded, by request id.
 */
public final class AsyncInvoker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncInvoker.class);
    /** Bodies kept in results and dead letters are cut to this size. */
    static final int KEPT_BODY_BYTES = 64 * 1024;

    /** Runs one attempt; must not throw (a platform failure is a failed {@link Attempt}). */
    @FunctionalInterface
    public interface Runner {
        Attempt run(String function, String requestId, byte[] event, int retryCount);
    }

    /** One attempt's outcome: success, or why it failed ({@code errorType}: the function's, or the platform's errorCode). */
    public record Attempt(boolean ok, Optional<String> instanceId, Optional<String> errorType, byte[] body) {
        public static Attempt succeeded(String instanceId, byte[] body) {
            return new Attempt(true, Optional.of(instanceId), Optional.empty(), body);
        }

        public static Attempt failed(Optional<String> instanceId, String errorType, byte[] body) {
            return new Attempt(false, instanceId, Optional.of(errorType), body);
        }
    }

    public enum State { QUEUED, RUNNING, RETRY_SCHEDULED, SUCCEEDED, FAILED }

    /** What is known of one async invocation. */
    public record Result(String requestId, String function, State state, int attempts, Optional<String> instanceId,
                         Optional<String> errorType, String body, Instant enqueuedAt, Optional<Instant> finishedAt) {
    }

    private final Runner runner;
    private final Clock clock;
    private final int retries;
    private final Duration backoff;
    private final int deadLettersKept;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor retryTimer;
    private final AtomicInteger pendingRetries = new AtomicInteger();
    private final int maxPendingRetries;
    private final Map<String, Result> results;
    private final Deque<Result> deadLetters = new ArrayDeque<>();

    public AsyncInvoker(Runner runner, Clock clock, int queueCapacity, int workerCount, int retries, Duration backoff,
                        int resultsKept, int deadLettersKept) {
        this.runner = runner;
        this.clock = clock;
        this.retries = retries;
        this.backoff = backoff;
        this.deadLettersKept = deadLettersKept;
        this.maxPendingRetries = queueCapacity;
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), daemon("localfaas-async"));
        this.retryTimer = new ScheduledThreadPoolExecutor(1, daemon("localfaas-async-retry"));
        this.results = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
                return size() > resultsKept;
            }
        };
    }

    /** Queues an invocation; false when the queue is full (the caller answers 429). */
    public boolean submit(String function, String requestId, byte[] event) {
        byte[] copy = event.clone();
        record(new Result(requestId, function, State.QUEUED, 0, Optional.empty(), Optional.empty(), "", clock.instant(), Optional.empty()));
        try {
            workers.execute(() -> attempt(function, requestId, copy, 0));
            return true;
        } catch (RejectedExecutionException e) {
            synchronized (results) {
                results.remove(requestId);
            }
            return false;
        }
    }

    private void attempt(String function, String requestId, byte[] event, int retryCount) {
        update(requestId, r -> with(r, State.RUNNING, retryCount, Optional.empty(), r.errorType(), r.body(), Optional.empty()));
        Attempt a;
        try {
            a = runner.run(function, requestId, event, retryCount);
        } catch (RuntimeException e) {
            LOG.error("async invocation {} of {} failed", requestId, function, e);
            a = Attempt.failed(Optional.empty(), "InternalServerError", new byte[0]);
        }
        Attempt done = a;
        String body = kept(done.body());
        if (done.ok()) {
            update(requestId, r -> with(r, State.SUCCEEDED, retryCount + 1, done.instanceId(), Optional.empty(), body, Optional.of(clock.instant())));
            return;
        }
        if (retryCount < retries && pendingRetries.get() < maxPendingRetries) {
            long delay = backoff.toMillis() << retryCount;
            update(requestId, r -> with(r, State.RETRY_SCHEDULED, retryCount + 1, done.instanceId(), done.errorType(), body, Optional.empty()));
            pendingRetries.incrementAndGet();
            try {
                retryTimer.schedule(() -> {
                    pendingRetries.decrementAndGet();
                    attempt(function, requestId, event, retryCount + 1);
                }, delay, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException e) {
                pendingRetries.decrementAndGet();
            }
        }
        LOG.warn("async invocation {} of {} failed after {} attempt(s): {}", requestId, function, retryCount + 1,
                done.errorType().orElse("?"));
        Result failed = update(requestId, r -> with(r, State.FAILED, retryCount + 1, done.instanceId(), done.errorType(), body,
                Optional.of(clock.instant())));
        if (failed != null) {
            synchronized (deadLetters) {
                deadLetters.addLast(failed);
                while (deadLetters.size() > deadLettersKept) {
                    deadLetters.removeFirst();
                }
            }
        }
    }

    private static Result with(Result r, State state, int attempts, Optional<String> instance, Optional<String> errorType, String body,
                               Optional<Instant> finished) {
        return new Result(r.requestId(), r.function(), state, attempts, instance.or(r::instanceId), errorType, body, r.enqueuedAt(), finished);
    }

    private static String kept(byte[] body) {
        byte[] b = body.length > KEPT_BODY_BYTES ? Arrays.copyOf(body, KEPT_BODY_BYTES) : body;
        return new String(b, StandardCharsets.UTF_8);
    }

    private void record(Result r) {
        synchronized (results) {
            results.put(r.requestId(), r);
        }
    }

    private Result update(String requestId, java.util.function.UnaryOperator<Result> change) {
        synchronized (results) {
            Result old = results.get(requestId);
            if (old == null) {
                return null;
            }
            Result now = change.apply(old);
            results.put(requestId, now);
            return now;
        }
    }

    public Optional<Result> result(String requestId) {
        synchronized (results) {
            return Optional.ofNullable(results.get(requestId));
        }
    }

    /** Invocations that failed every attempt, oldest first. */
    public List<Result> deadLetters() {
        synchronized (deadLetters) {
            return new ArrayList<>(deadLetters);
        }
    }

    /** Invocations waiting for a worker or a retry. */
    public int queueDepth() {
        return workers.getQueue().size() + pendingRetries.get();
    }

    @Override
    public void close() {
        retryTimer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
