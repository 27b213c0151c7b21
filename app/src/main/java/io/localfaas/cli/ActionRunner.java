package io.localfaas.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.localfaas.spec.BuildActions;

/**
 * Runs a project's build actions ({@link BuildActions}) as {@code s local} would before starting: each {@code run}
 * command through {@code sh -c} in its folder, its output shown line by line, each bounded by a timeout; the first
 * failure stops the rest. Component and plugin steps cannot run here and are named as skipped.
 */
final class ActionRunner {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

    private final PrintWriter out;
    private final Duration timeout;

    ActionRunner(PrintWriter out, Duration timeout) {
        this.out = out;
        this.timeout = timeout;
    }

    /** Runs every runnable action in order; false (with the reason printed) when one failed or ran too long. */
    boolean runAll(List<BuildActions.Action> actions) {
        for (BuildActions.Action a : actions) {
            if (!a.runnable()) {
                out.println("faas: action skipped (not a shell command): " + a);
                continue;
            }
            out.println("faas: running " + a);
            out.flush();
            String failure = run(a);
            if (failure != null) {
                out.println("faas: error: " + a + " " + failure);
                out.flush();
                return false;
            }
        }
        return true;
    }

    /** Null when the command succeeded, else why it did not. */
    private String run(BuildActions.Action a) {
        Process p;
        try {
            p = new ProcessBuilder("sh", "-c", a.run().orElseThrow()).directory(a.dir().toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "could not start: " + e.getMessage();
        }
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (out) {
                        out.println("  | " + line);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the process ended or was stopped: its output ends here
            }
        }, "action-output");
        pump.setDaemon(true);
        pump.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return "ran longer than " + timeout.toMinutes() + " min: stopped";
            }
            pump.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return p.exitValue() == 0 ? null : "failed (exit " + p.exitValue() + ")";
    }
}
