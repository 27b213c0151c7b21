package io.localfaas.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.localfaas.spec.CronSchedule;
import io.localfaas.spec.TimerSpec;
import io.localfaas.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** Timers fire at their schedule's times with FC's timer event; disabled ones never; a failure is an outcome. */
class TimerRunnerTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** A clock the test moves, and a scheduler that records tasks instead of running them later. */
    private final MutableClock clock = new MutableClock(START);
    private final List<Duration> delays = new ArrayList<>();
    private final List<Runnable> pending = new ArrayList<>();
    private final List<String> invoked = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();

    private TimerRunner runner(List<TimerSpec> timers, TimerRunner.Target target) {
        return new TimerRunner(timers, target, (t, at, id, outcome) -> outcomes.add(t.name() + "@" + at + ": " + outcome), clock,
                (delay, task) -> {
                    delays.add(delay);
                    pending.add(task);
                    return CompletableFuture.completedFuture(null);
                }, Runnable::run);
    }

    /** Moves the clock by {@code by} and runs the first pending task. */
    private void runNext(Duration by) {
        clock.advance(by);
        pending.remove(0).run();
    }

    @Test
    void everyTwoSecondsFiresWithFcsTimerEvent() {
        TimerSpec tick = new TimerSpec("fn", "tick", CronSchedule.parse("@every 2s"), "awesome-fc", true);
        TimerRunner r = runner(List.of(tick), (fn, id, event) -> {
            invoked.add(fn + " " + new String(event, StandardCharsets.UTF_8));
            return "ok";
        });
        assertEquals(1, r.start());
        assertEquals(List.of(Duration.ofSeconds(2)), delays);
        runNext(Duration.ofSeconds(2));
        runNext(Duration.ofSeconds(2));
        assertEquals(List.of(
                "fn {\"triggerTime\":\"2026-01-01T00:00:02Z\",\"triggerName\":\"tick\",\"payload\":\"awesome-fc\"}",
                "fn {\"triggerTime\":\"2026-01-01T00:00:04Z\",\"triggerName\":\"tick\",\"payload\":\"awesome-fc\"}"), invoked);
        assertEquals(List.of("tick@2026-01-01T00:00:02Z: ok", "tick@2026-01-01T00:00:04Z: ok"), outcomes);
        assertEquals(1, pending.size(), "the next firing is scheduled");
    }

    @Test
    void cronFiresAtItsNextMatchingTime() {
        TimerSpec nightly = new TimerSpec("fn", "nightly", CronSchedule.parse("0 0 2 * * *"), "", true);
        runner(List.of(nightly), (fn, id, event) -> "ok").start();
        assertEquals(List.of(Duration.ofHours(2)), delays);
    }

    @Test
    void disabledTimersNeverFire() {
        TimerSpec off = new TimerSpec("fn", "off", CronSchedule.parse("@every 1s"), "", false);
        assertEquals(0, runner(List.of(off), (fn, id, event) -> "ok").start());
        assertEquals(List.of(), pending);
    }

    @Test
    void aFailingInvocationIsAnOutcomeAndTheTimerKeepsRunning() {
        TimerSpec tick = new TimerSpec("fn", "tick", CronSchedule.parse("@every 1s"), "", true);
        runner(List.of(tick), (fn, id, event) -> {
            throw new IllegalStateException("function fn does not exist");
        }).start();
        runNext(Duration.ofSeconds(1));
        assertEquals(List.of("tick@2026-01-01T00:00:01Z: failed: function fn does not exist"), outcomes);
        assertEquals(1, pending.size());
    }

    @Test
    void afterCloseNothingFires() {
        TimerSpec tick = new TimerSpec("fn", "tick", CronSchedule.parse("@every 1s"), "", true);
        TimerRunner r = runner(List.of(tick), (fn, id, event) -> "ok");
        r.start();
        r.close();
        runNext(Duration.ofSeconds(1));
        assertEquals(List.of(), outcomes);
    }
}
