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
    final Process process;
    private final Path stdout;
    private final Path stderr;

    ChildPlatform(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.localfaas.cli.Main"));
        cmd.addAll(List.of(args));
        stdout = Files.createTempFile("faas-child", ".out");
        stderr = Files.createTempFile("faas-child", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().putAll(env);
        process = pb.start();
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
        await().atMost(Duration.ofSeconds(60)).until(() -> listeningUrl().isPresent() || !process.isAlive());
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
