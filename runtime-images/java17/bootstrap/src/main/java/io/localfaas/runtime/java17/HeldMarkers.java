package io.localfaas.runtime.java17;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * FC's Start markers, held back until the first thing written after them (through the runtime's logger or
 * {@code System.out}/{@code System.err}), the call's End marker, or {@link #HOLD}, whichever comes first, and then written
 * before it, so the order a reader sees never changes. A call that writes nothing then costs the instance one write
 * for both markers instead of two: the engine and the platform pay for every write an instance makes (about 0.1 ms of
 * CPU each, bench/RESULTS.md), more than a trivial function costs itself. Thread-safe.
 */
final class HeldMarkers {
    static final Duration HOLD = Duration.ofMillis(50);

    /** Runs a task once after a delay; returns what cancels it. */
    @FunctionalInterface
    interface Timer {
        Runnable schedule(Runnable task, Duration after);
    }

    private final Consumer<String> out;
    private final Timer timer;
    private final StringBuilder held = new StringBuilder();
    private Runnable cancel;

    /** @param out writes its text to stdout in one write */
    HeldMarkers(Consumer<String> out, Timer timer) {
        this.out = out;
        this.timer = timer;
    }

    /** A timer on one daemon thread. */
    static Timer daemonTimer() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fc-markers");
            t.setDaemon(true);
            return t;
        });
        return (task, after) -> {
            ScheduledFuture<?> f = executor.schedule(task, after.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }

    synchronized void start(String marker) {
        held.append(marker).append('\n');
        if (cancel == null) {
            cancel = timer.schedule(this::flush, HOLD);
        }
    }

    /** Writes the held markers, if any, with {@code marker} after them, in one write. */
    synchronized void end(String marker) {
        String text = held.append(marker).append('\n').toString();
        held.setLength(0);
        stopTimer();
        out.accept(text);
    }

    /** Writes the held markers now, before something else is written. */
    synchronized void flush() {
        stopTimer();
        if (held.length() > 0) {
            String text = held.toString();
            held.setLength(0);
            out.accept(text);
        }
    }

    private void stopTimer() {
        if (cancel != null) {
            cancel.run();
            cancel = null;
        }
    }
}
