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

    private static final String KEY = "0123456789abcdef0123456789abcdef";

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

    /** The runtime as the launcher starts it: the instance key on descriptor 3 (here from a file), named by the environment. */
    private Process start(Map<String, String> env, Path log) throws IOException {
        return start(env, log, KEY);
    }

    private Process start(Map<String, String> env, Path log, String key) throws IOException {
        Path keyFile = Files.writeString(dir.resolve("key-" + started.size()), key + "\n");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "exec \"$0\" \"$@\" 3<\"$KEY_FILE\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
        pb.environment().keySet().removeIf(k -> k.startsWith("FC_"));
        pb.environment().put("KEY_FILE", keyFile.toString());
        pb.environment().put(InstanceKey.FD_VARIABLE, "3");
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

    /** An event call on {@code /}: dispatched by its header on the protocol, by the path standalone. */
    private HttpRequest invoke(int port, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(30))
                .header("x-fc-control-path", "/invoke").header("x-fc-request-id", "p-1").header(InstanceKey.HEADER, KEY)
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
    void noInstanceKeyExitsWithTwo() throws Exception {
        Path log = dir.resolve("nokey.log");
        Process p = start(Map.of("FC_SERVER_PORT", Integer.toString(freePort()), "FC_FUNC_CODE_PATH", jar.toString(),
                "FC_HANDLER", "fixtures.Events::handleRequest"), log, "");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(read(log).contains("no instance key"), () -> read(log));
    }

    @Test
    void callsWithoutTheInstanceKeyAreRefusedOnEveryControlPath() throws Exception {
        int port = freePort();
        Process p = startListening("fixtures.Events::handleRequest", dir.resolve("key.log"), port);
        for (String key : new String[] {null, "", "f".repeat(KEY.length()), KEY.substring(1), KEY + "0"}) {
            for (String control : new String[] {"/invoke", "/initialize", "/pre-stop", "/http-invoke"}) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(30))
                        .header("x-fc-control-path", control).POST(HttpRequest.BodyPublishers.ofString("{}"));
                if (key != null && !key.isEmpty()) {
                    b.header(InstanceKey.HEADER, key);
                }
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, r.statusCode(), () -> control + " with key " + key + ": " + r.body());
                assertTrue(r.body().contains("\"errorType\":\"Forbidden\""), r::body);
            }
        }
        assertEquals(200, http.send(invoke(port, "{}"), HttpResponse.BodyHandlers.ofString()).statusCode());
        p.destroy();
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
        sigtermThenRelease(p, log, call, release);
    }

    /** SIGTERM while the slow call runs, then release it: it answers "done" and the process exits 0. */
    private static void sigtermThenRelease(Process p, Path log, CompletableFuture<HttpResponse<String>> call, Path release)
            throws Exception {
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

    // ------------------------------------------------------------------------------------------------
    // standalone mode (PROTOCOL.md §9): no platform in front, as a Knative container runs

    private Process startStandalone(String mode, String handler, Map<String, String> extra, Path log, int port) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(Map.of("FC_STANDALONE", mode, "PORT", Integer.toString(port),
                "FC_SERVER_HOST", "127.0.0.1", "FC_FUNC_CODE_PATH", jar.toString(), "FC_HANDLER", handler));
        env.putAll(extra);
        return start(env, log);
    }

    private void awaitListening(Process p, Path log, int port) {
        await().atMost(Duration.ofSeconds(30)).until(() -> read(log).contains("listening on 127.0.0.1:" + port) || !p.isAlive());
        assertTrue(p.isAlive(), () -> "runtime died: " + read(log));
    }

    private static boolean accepts(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpResponse<String> send(int port, String method, String target, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target)).timeout(Duration.ofSeconds(30))
                .header("x-fc-request-id", "s-1").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void standaloneRunsTheInitializerBeforeItListens() throws Exception {
        Path log = dir.resolve("sa-init.log");
        Path gate = dir.resolve("sa-init-gate");
        int port = freePort();
        Process p = startStandalone("event", "fixtures.GatedInit::handleRequest",
                Map.of("FC_INITIALIZER", "fixtures.GatedInit::initialize", "INIT_GATE", gate.toString()), log, port);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("sa-init-gate.started")));
        assertTrue(!accepts(port), "the port stays closed while the initializer runs");
        Files.writeString(gate, "open");
        awaitListening(p, log, port);
        HttpResponse<String> r = send(port, "POST", "/", "ev");
        assertEquals(200, r.statusCode());
        assertEquals("initialized=true,event=ev", r.body());
        assertEquals("s-1", r.headers().firstValue("x-fc-request-id").orElse(""));
        assertTrue(read(log).contains("(standalone, event function)"), read(log));
    }

    @Test
    void standaloneEventFunctionTakesPostOnRootAndInvokeApiPathOnly() throws Exception {
        Path log = dir.resolve("sa-event.log");
        int port = freePort();
        Process p = startStandalone("event", "fixtures.Events::handleRequest", Map.of(), log, port);
        awaitListening(p, log, port);
        assertEquals(200, send(port, "POST", "/2016-08-15/services/svc/functions/fn/invocations", "{}").statusCode());
        HttpResponse<String> notFound = send(port, "POST", "/invoke", "x");
        assertEquals(404, notFound.statusCode());
        assertTrue(notFound.body().contains("\"errorType\":\"NotFound\""), notFound.body());
        assertEquals(405, send(port, "GET", "/", "").statusCode());
    }

    @Test
    void standaloneAnswersFunctionErrorsAsThePlatformWould() throws Exception {
        Path eventLog = dir.resolve("sa-throws.log");
        int eventPort = freePort();
        Process events = startStandalone("event", "fixtures.Throws::handleRequest", Map.of(), eventLog, eventPort);
        Path httpLog = dir.resolve("sa-http-throws.log");
        int httpPort = freePort();
        Process https = startStandalone("http", "fixtures.Throws::handleRequest", Map.of(), httpLog, httpPort);
        awaitListening(events, eventLog, eventPort);
        awaitListening(https, httpLog, httpPort);
        HttpResponse<String> viaApi = send(eventPort, "POST", "/", "x");
        assertEquals(200, viaApi.statusCode(), "the invoke API answers a function error 200");
        assertEquals(FunctionError.UNHANDLED, viaApi.headers().firstValue("x-fc-error-type").orElse(""));
        HttpResponse<String> viaTrigger = send(httpPort, "GET", "/any/path", "");
        assertEquals(502, viaTrigger.statusCode(), "an HTTP trigger answers a function error 502");
        assertEquals(FunctionError.UNHANDLED, viaTrigger.headers().firstValue("x-fc-error-type").orElse(""));
    }

    @Test
    void standaloneHttpFunctionGetsEveryPathControlPathsIncluded() throws Exception {
        Path log = dir.resolve("sa-http.log");
        int port = freePort();
        Process p = startStandalone("http", "fixtures.Http::handleRequest", Map.of(), log, port);
        awaitListening(p, log, port);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/initialize?a=1"))
                .timeout(Duration.ofSeconds(30)).header("x-fc-control-path", "/pre-stop")
                .method("PUT", HttpRequest.BodyPublishers.ofString("body")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode());
        assertEquals("PUT", r.headers().firstValue("x-method").orElse(""));
        assertEquals("/initialize", r.headers().firstValue("x-path").orElse(""));
        assertEquals("body", r.body());
    }

    @Test
    void standaloneInitializerFailureExitsOneWithTheErrorInTheLog() throws Exception {
        Path log = dir.resolve("sa-fail.log");
        Process p = startStandalone("event", "fixtures.Events::handleRequest",
                Map.of("FC_INITIALIZER", "fixtures.FailingInit::initialize"), log, freePort());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), read(log));
        assertTrue(read(log).contains("cannot reach the database"), read(log));
        assertTrue(!read(log).contains("listening on"), read(log));
    }

    @Test
    void standaloneInitializerTimeoutExitsOne() throws Exception {
        Path log = dir.resolve("sa-timeout.log");
        Process p = startStandalone("event", "fixtures.GatedInit::handleRequest", Map.of("FC_INITIALIZER", "fixtures.GatedInit::initialize",
                "INIT_GATE", dir.resolve("never-opened").toString(), "FC_INITIALIZATION_TIMEOUT", "1"), log, freePort());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), read(log));
        assertTrue(read(log).contains("did not finish within 1000 ms (FC_INITIALIZATION_TIMEOUT)"), read(log));
    }

    @Test
    void standaloneSigtermFinishesTheCallThenRunsPreStop() throws Exception {
        Path log = dir.resolve("sa-term.log");
        int port = freePort();
        Process p = startStandalone("event", "fixtures.Slow::handleRequest", Map.of("FC_PRE_STOP_HANDLER", "fixtures.GatedInit::preStop"),
                log, port);
        awaitListening(p, log, port);
        Path work = dir.resolve("sa-slow");
        Path release = work.resolve("release");
        sigtermThenRelease(p, log, slowCallInFlight(port, work, release), release);
        assertTrue(read(log).contains("pre-stop ran"), read(log));
    }

    @Test
    void standaloneRefusesAnUnknownMode() throws Exception {
        Path log = dir.resolve("sa-mode.log");
        Process p = startStandalone("queue", "fixtures.Events::handleRequest", Map.of(), log, freePort());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(read(log).contains("FC_STANDALONE must be one of http, event, got: queue"), read(log));
    }
}
