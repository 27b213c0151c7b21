package io.localfaas.runtime.java17;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap as its own process (as in the image): exit codes, System.exit in a function, SIGTERM draining. */
class BootstrapProcessTest {
    @TempDir
    static Path dir;
    static Path jar;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void packFunctions() throws IOException {
        jar = TestFunctions.jar(dir.resolve("code/functions.jar"));
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private Process start(Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
        pb.environment().keySet().removeIf(k -> k.startsWith("FC_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process startListening(String handler, Path log, int port) throws IOException {
        Process p = start(Map.of("FC_SERVER_PORT", Integer.toString(port), "FC_FUNC_CODE_PATH", jar.toString(), "FC_HANDLER", handler), log);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("listening on 127.0.0.1:" + port)
                || !p.isAlive());
        assertTrue(p.isAlive(), () -> "runtime died: " + read(log));
        return p;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private HttpRequest invoke(int port, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/invoke")).timeout(Duration.ofSeconds(30))
                .header("x-fc-control-path", "/invoke").header("x-fc-request-id", "p-1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    void missingPortExitsWithTwo() throws Exception {
        Path log = dir.resolve("noport.log");
        Process p = start(Map.of("FC_HANDLER", "fixtures.Events::handleRequest"), log);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(read(log).contains("FC_SERVER_PORT must be a port number"));
    }

    @Test
    void portInUseExitsWithOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path log = dir.resolve("taken.log");
            Process p = start(Map.of("FC_SERVER_PORT", Integer.toString(taken.getLocalPort()), "FC_FUNC_CODE_PATH", jar.toString(),
                    "FC_HANDLER", "fixtures.Events::handleRequest"), log);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), read(log));
        }
    }

    @Test
    void systemExitInAFunctionEndsTheProcessWithoutAnAnswer() throws Exception {
        Path log = dir.resolve("exit.log");
        int port = freePort();
        Process p = startListening("fixtures.Exits::handleRequest", log, port);
        assertThrows(IOException.class, () -> http.send(invoke(port, "x"), HttpResponse.BodyHandlers.ofString()));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), "the function's own exit status");
    }

    /** Starts fixtures.Slow, sends it a call that waits for {@code work/release}, waits until the call runs. */
    private CompletableFuture<HttpResponse<String>> slowCallInFlight(int port, Path work, Path release) throws IOException {
        Files.createDirectories(work);
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(invoke(port, release.toString()), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(work.resolve("started")));
        return call;
    }

    @Test
    void sigtermFinishesTheCallInFlightThenExitsZero() throws Exception {
        Path log = dir.resolve("term.log");
        int port = freePort();
        Process p = startListening("fixtures.Slow::handleRequest", log, port);
        Path work = dir.resolve("slow");
        Path release = work.resolve("release");
        CompletableFuture<HttpResponse<String>> call = slowCallInFlight(port, work, release);
        p.destroy(); // SIGTERM
        await().atMost(Duration.ofSeconds(10)).until(() -> read(log).contains("received SIGTERM"));
        Files.writeString(release, "go");
        HttpResponse<String> r = call.get(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals("done", r.body());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), read(log));
    }

    @Test
    void sigtermWithACallStillRunningAfterTheGraceExitsOne() throws Exception {
        Path log = dir.resolve("term-late.log");
        int port = freePort();
        Process p = startListening("fixtures.Slow::handleRequest", log, port);
        Path work = dir.resolve("slow-late");
        CompletableFuture<HttpResponse<String>> call = slowCallInFlight(port, work, work.resolve("never"));
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), read(log));
        assertTrue(read(log).contains("still in flight"));
        call.cancel(true);
    }

    @Test
    void idleRuntimeExitsZeroOnSigterm() throws Exception {
        Path log = dir.resolve("idle.log");
        Process p = startListening("fixtures.Events::handleRequest", log, freePort());
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), read(log));
        assertTrue(read(log).contains("listening on 127.0.0.1:"), "one listening line");
        assertTrue(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains("[INFO] handler fixtures.Events::handleRequest"));
    }
}
