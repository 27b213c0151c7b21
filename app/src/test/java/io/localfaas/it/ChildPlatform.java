package io.localfaas.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code faas} command run as its own JVM, as a user runs it. Its output goes to files (reading pipes races with
 * the JDK draining them when the process exits).
 */
final class ChildPlatform implements AutoCloseable {
    private static final Path STATE_DIR = stateDir();
    final Process process;
    private final Path stdout;
    private final Path stderr;

    ChildPlatform(Map<String, String> env, String... args) throws IOException {
        this(null, env, java(args));
    }

    private ChildPlatform(Path workDir, Map<String, String> env, List<String> cmd) throws IOException {
        stdout = Files.createTempFile("faas-child", ".out");
        stderr = Files.createTempFile("faas-child", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        // ~/.localfaas is the user's: a child of this test JVM keeps its platform.json and logs in this JVM's own
        // directory (unless the test names one), so that ITs running in parallel forks never find each other's platform.
        pb.environment().put("LOCALFAAS_STATE_DIR", STATE_DIR.toString());
        pb.environment().putAll(env);
        process = pb.start();
    }

    private static Path stateDir() {
        try {
            return Files.createTempDirectory("localfaas-it-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (args.length > 0 && args[0].equals("up")) {
            cmd.addAll(UP_JVM_OPTIONS);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.localfaas.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The repository's {@code faas} script (it runs the shaded jar). */
    static final Path SCRIPT = Path.of("..", "faas").toAbsolutePath().normalize();
    /**
     * The JVM options the {@code faas} script starts {@code faas up} with (its default {@code JVM_OPTS}; the other commands
     * it starts without): a platform child runs with what users run, and starts in about half the time of a default JVM.
     * One difference: C1 only. {@code faas up} keeps C2 for a platform that serves for hours (a third less CPU per request
     * once compiled, bench/RESULTS.md); a test's platform lives for seconds, where C2's compiling is CPU the two test
     * forks on two cores would wait for. What the JIT compiles does not change what the platform does.
     */
    static final List<String> UP_JVM_OPTIONS = upJvmOptions();

    private static List<String> upJvmOptions() {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^JVM_OPTS=\\(\\$\\{LOCALFAAS_JVM_OPTS:-([^}]*)}\\)")
                    .matcher(Files.readString(SCRIPT));
            if (!m.find()) {
                throw new IllegalStateException(SCRIPT + " has no line JVM_OPTS=(${LOCALFAAS_JVM_OPTS:-...}): the options faas up runs with");
            }
            List<String> options = new ArrayList<>(List.of(m.group(1).trim().split("\\s+")));
            options.add("-XX:TieredStopAtLevel=1");
            return List.copyOf(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's {@code faas} script, run from {@code workDir} as a user types it (it runs the shaded jar). */
    static ChildPlatform script(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        return new ChildPlatform(workDir, env, cmd);
    }

    List<String> out() {
        return lines(stdout);
    }

    List<String> err() {
        return lines(stderr);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (bounded) for the "listening on URL" line and returns the URL. */
    String awaitListening() {
        return awaitListening(Duration.ofSeconds(120));
    }

    /** As {@link #awaitListening()}, waiting at most {@code atMost} (the faas script may set up first). */
    String awaitListening(Duration atMost) {
        // A generous bound: a platform that builds function images and starts reserved instances on a busy machine.
        try {
            await().atMost(atMost).until(() -> listeningUrl().isPresent() || !process.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // A caller whose constructor fails here never closes this: stop the platform (SIGTERM removes its instances).
            process.destroy();
            try {
                process.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
            throw new AssertionError("faas did not listen within " + atMost.toSeconds() + " s; stderr: " + err(), e);
        }
        return listeningUrl().orElseThrow(() -> new AssertionError("platform did not start; stderr: " + err()));
    }

    private Optional<String> listeningUrl() {
        return out().stream().filter(l -> l.startsWith("listening on ")).map(l -> l.split(" ")[2]).findFirst();
    }

    int awaitExit() throws InterruptedException {
        return awaitExit(Duration.ofSeconds(60));
    }

    int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("faas did not exit within " + atMost.toSeconds() + " s");
        }
        return process.exitValue();
    }

    /** The platform id the child puts on its containers: pid@start-millis. */
    String platformId() {
        return process.pid() + "@" + process.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }
}
