package io.localfaas.timers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.localfaas.events.FcEvents;
import io.localfaas.spec.TimerSpec;

/**
 * Fires the enabled timers of an application while it runs: at each time a timer's schedule gives, its function is
 * invoked with {@code {"triggerTime", "triggerName", "payload"}} (FC's timer event) on a worker, so a slow function
 * does not delay the next firing. Time comes from the injected clock and delays go through {@link Scheduling}, so tests
 * drive it without waiting.
 */
public final class TimerRunner implements AutoCloseable {
    /** Invokes {@code function} with {@code event}; returns a one-word outcome (ok, or the FC error type). */
    @FunctionalInterface
    public interface Target {
        String invoke(String function, String requestId, byte[] event) throws Exception;
    }

    /** Hears each firing: the timer, when it was due, and the outcome (or the failure's message). */
    @FunctionalInterface
    public interface Listener {
        void fired(TimerSpec timer, Instant at, String requestId, String outcome);
    }

    /** Runs {@code task} after {@code delay}. */
    @FunctionalInterface
    public interface Scheduling {
        Future<?> after(Duration delay, Runnable task);

        /** A daemon thread of its own. */
        static Scheduling daemon(ScheduledExecutorService exec) {
            return (delay, task) -> exec.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private final List<TimerSpec> timers;
    private final Target target;
    private final Listener listener;
    private final Clock clock;
    private final Scheduling scheduling;
    private final Executor workers;
    private final Runnable onClose;
    private volatile boolean closed;

    public TimerRunner(List<TimerSpec> timers, Target target, Listener listener, Clock clock, Scheduling scheduling, Executor workers) {
        this(timers, target, listener, clock, scheduling, workers, () -> { });
    }

    private TimerRunner(List<TimerSpec> timers, Target target, Listener listener, Clock clock, Scheduling scheduling, Executor workers,
                        Runnable onClose) {
        this.timers = List.copyOf(timers);
        this.target = target;
        this.listener = listener;
        this.clock = clock;
        this.scheduling = scheduling;
        this.workers = workers;
        this.onClose = onClose;
    }

    /** A runner on a daemon scheduler thread and daemon workers, stopped by {@link #close()}. */
    public static TimerRunner create(List<TimerSpec> timers, Target target, Listener listener, Clock clock) {
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "localfaas-timers"));
        ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "localfaas-timer-invoke"));
        return new TimerRunner(timers, target, listener, clock, Scheduling.daemon(exec), workers, () -> {
            exec.shutdownNow();
            workers.shutdownNow();
        });
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Schedules the first firing of every enabled timer; returns how many run. */
    public int start() {
        Instant now = clock.instant();
        List<TimerSpec> enabled = timers.stream().filter(TimerSpec::enabled).toList();
        enabled.forEach(t -> schedule(t, now));
        return enabled.size();
    }

    private void schedule(TimerSpec timer, Instant from) {
        Instant next = timer.schedule().next(from);
        if (closed || next == null) {
            return;
        }
        scheduling.after(Duration.between(clock.instant(), next), () -> fire(timer, next));
    }

    private void fire(TimerSpec timer, Instant at) {
        if (closed) {
            return;
        }
        schedule(timer, at);
        String requestId = UUID.randomUUID().toString();
        byte[] event = FcEvents.timer(timer.name(), at, timer.payload()).getBytes(StandardCharsets.UTF_8);
        workers.execute(() -> {
            String outcome;
            try {
                outcome = target.invoke(timer.function(), requestId, event);
            } catch (Exception e) {
                outcome = "failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            listener.fired(timer, at, requestId, outcome);
        });
    }

    @Override
    public void close() {
        closed = true;
        onClose.run();
    }
}
