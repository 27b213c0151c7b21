package io.localfaas.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external command (the docker CLI), its output shown line by line, bounded in time: the seam {@code faas build} runs steps through. */
interface CommandRunner {
    /** The command's exit code; -1 when it could not run or ran past {@code timeout} (then it is killed). */
    int run(List<String> command, byte[] stdin, Duration timeout, PrintWriter out);

    /** The real one: a child process, stdout and stderr merged, each line prefixed with {@code "  | "}. */
    CommandRunner PROCESS = (command, stdin, timeout, out) -> {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            out.println("  cannot run " + command.get(0) + ": " + e.getMessage());
            return -1;
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the command did not read its input; its output says why
        }
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.println("  | " + line);
                    out.flush();
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "build-output");
        pump.setDaemon(true);
        pump.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                out.println("  " + command.get(0) + " did not finish within " + timeout.toMinutes() + " min: stopped");
                return -1;
            }
            pump.join(TimeUnit.SECONDS.toMillis(5));
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    };
}
