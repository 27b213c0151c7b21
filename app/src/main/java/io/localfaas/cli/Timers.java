package io.localfaas.cli;

import java.io.PrintWriter;
import java.time.Clock;

import io.localfaas.Scheduler;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.TimerSpec;
import io.localfaas.timers.TimerRunner;

/** Starts the timer triggers of {@code faas up}: each firing invokes the function through the scheduler and prints one line. */
final class Timers {
    private Timers() {
    }

    /** Starts {@code app}'s enabled timers; lists them (disabled ones too) on {@code out}. The caller closes the runner. */
    static TimerRunner start(AppSpec app, Scheduler scheduler, PrintWriter out, PrintWriter err) {
        TimerRunner runner = TimerRunner.create(app.timers(), (fn, requestId, event) ->
                scheduler.invoke(fn, InvokeRequest.event(requestId, event)).response().errorType().map(t -> "error " + t).orElse("ok"),
                (timer, at, requestId, outcome) -> {
                    err.println("faas: timer " + timer.function() + "/" + timer.name() + " (" + at + ", request " + requestId + "): " + outcome);
                    err.flush();
                }, Clock.systemUTC());
        for (TimerSpec t : app.timers()) {
            out.printf("  %-16s timer %-18s %s%s%n", t.function(), t.name(), t.schedule(), t.enabled() ? " (UTC)" : " (disabled)");
        }
        out.flush();
        runner.start();
        return runner;
    }
}
