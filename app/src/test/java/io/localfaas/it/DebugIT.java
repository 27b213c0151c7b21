package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * faas up --debug (on the docker and the process backend) and faas invoke --debug on the real engine: the Node inspector of the function's one instance answers
 * /json/list on loopback, the JVM's JDWP agent the handshake; under invoke, the instance waits for the debugger and the
 * invocation goes on once it lets the runtime run.
 */
class DebugIT {
    @TempDir
    Path dir;

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * A configuration of one Node function ({@code function}: its YAML line) whose code/index.js is {@code index};
     * {@code platform}: a platform line, or empty.
     */
    private Path nodeApp(String index, String function, String platform) throws java.io.IOException {
        Path code = Files.createDirectory(dir.resolve("code"));
        Files.writeString(code.resolve("index.js"), index);
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, "service: dbg\n" + platform + "functions:\n  " + function + "\n");
        return file;
    }

    /** The sample Java function's configuration (its jar built by the reactor into sample-functions/java-hello/code). */
    private static Path javaHello() {
        Path jar = Path.of("..", "sample-functions", "java-hello", "code", "java-hello.jar").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), "the build wrote the sample's jar");
        return Path.of("..", "config", "java-hello.yaml").toAbsolutePath().normalize();
    }

    /**
     * Connects to the JDWP agent on {@code port} (retrying only while it is not up yet) and returns the socket once the
     * agent has answered the handshake; what the test checks then is outside the retry.
     */
    private static java.net.Socket jdwpAttach(int port) {
        byte[] handshake = "JDWP-Handshake".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            java.net.Socket s = new java.net.Socket();
            try {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write(handshake);
                if (java.util.Arrays.equals(handshake, s.getInputStream().readNBytes(handshake.length))) {
                    return s;
                }
                s.close();
                return null;
            } catch (java.io.IOException e) {
                s.close();
                throw e;
            }
        }, java.util.Objects::nonNull);
    }

    /** Counts the GETs the function's code sends it: the marker that its code has run (instances reach loopback). */
    private static final class Marker implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
        final com.sun.net.httpserver.HttpServer server;

        Marker() throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 10);
            server.createContext("/", exchange -> {
                hits.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/ran";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void invokeDebugHoldsANodeFunctionUntilTheDebuggerLetsItRun() throws Exception {
        int port = freePort();
        Marker marker = new Marker();
        // Loading the module (before any invocation) already tells the marker: nothing of it may run before the debugger says so.
        Path file = nodeApp("require('http').get('" + marker.url() + "', r => r.resume()).on('error', () => {});\n"
                        + "exports.handler = (event, context, callback) => callback(null, 'debugged ' + event);\n",
                "ev: {runtime: nodejs18, codeUri: code, handler: index.handler}", "");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        try (marker; ChildPlatform child = new ChildPlatform(Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()),
                "invoke", "ev", file.toString(), "--data", "x", "--debug-port", Integer.toString(port))) {
            URI list = URI.create("http://127.0.0.1:" + port + "/json/list");
            String targets = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    http.send(HttpRequest.newBuilder(list).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200).body();
            assertTrue(child.err().contains("debugging ev: the Node inspector listens on 127.0.0.1:" + port
                    + " (one instance; timeouts extended to 600 s, initializer 300 s)"), child.err().toString());
            // Held: the function's code has not run, and stays so (observed for 5 s; without --inspect-brk it runs in
            // well under a second once the inspector answers).
            await("the function's code has not run and the invocation waits").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> marker.hits.get() == 0 && child.process.isAlive());
            assertTrue(child.out().isEmpty(), "the invocation waits for the debugger: " + child.out());
            // What a debugger does first: let the runtime run (no breakpoints set, so nothing pauses it).
            java.util.regex.Matcher ws = java.util.regex.Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"").matcher(targets);
            assertTrue(ws.find(), targets);
            java.net.http.WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws.group(1)), new java.net.http.WebSocket.Listener() {
            }).get(10, TimeUnit.SECONDS);
            socket.sendText("{\"id\":1,\"method\":\"Runtime.runIfWaitingForDebugger\"}", true).get(10, TimeUnit.SECONDS);
            assertEquals(0, child.awaitExit(Duration.ofSeconds(60)), child.err().toString());
            assertEquals(java.util.List.of("debugged x"), child.out());
            assertTrue(marker.hits.get() >= 1, "the code ran once the debugger let it");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void invokeDebugHoldsAJavaFunctionUntilTheDebuggerResumesIt() throws Exception {
        Path config = javaHello();
        int port = freePort();
        try (ChildPlatform child = new ChildPlatform(Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()),
                "invoke", "java-hello", config.toString(), "--path", "/java-hello", "--debug-port", Integer.toString(port))) {
            try (java.net.Socket s = jdwpAttach(port)) {
                assertTrue(child.process.isAlive() && child.out().isEmpty(), "the invocation waits for the debugger: " + child.out());
                // The agent's first packet is the VM Start event (command set 64, command 100); its suspend policy says
                // whether the JVM is held: 2 (all threads suspended: suspend=y), not 0 (it runs on, the code with it).
                byte[] header = s.getInputStream().readNBytes(11);
                assertEquals(11, header.length, "a VM Start event after the handshake");
                assertEquals(64, header[9], "an event packet");
                assertEquals(100, header[10], "a composite event");
                byte[] data = s.getInputStream().readNBytes(java.nio.ByteBuffer.wrap(header, 0, 4).getInt() - 11);
                assertEquals(2, data[0], "suspend policy of the VM Start event: the JVM waits for the debugger");
                assertEquals(90, data[5], "the event is VM Start");
                assertTrue(child.process.isAlive() && child.out().isEmpty(), "still held: " + child.out());
                // JDWP VirtualMachine.Resume: length 11, id 1, flags 0, command set 1, command 9; the reply is 11 bytes.
                s.getOutputStream().write(new byte[] {0, 0, 0, 11, 0, 0, 0, 1, 0, 1, 9});
                assertEquals(11, s.getInputStream().readNBytes(11).length, "the agent answered Resume");
            }
            assertEquals(0, child.awaitExit(Duration.ofSeconds(60)), child.err().toString());
            assertTrue(child.err().stream().anyMatch(l -> l.startsWith("debugging java-hello: the JVM's JDWP agent listens on 127.0.0.1:" + port)),
                    child.err().toString());
            assertTrue(String.join("\n", child.out()).contains("hello"), child.out().toString());
        }
    }

    /** The sample Java function (built by the reactor into sample-functions/java-hello/code): its JDWP agent answers the handshake. */
    @ParameterizedTest(name = "backend {0}")
    @ValueSource(strings = {"docker", "process"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theJdwpAgentAnswersTheHandshake(String backend) throws Exception {
        String shipped = Files.readString(javaHello());
        Path samples = Path.of("..", "sample-functions").toAbsolutePath().normalize();
        // The backend from the command line: a project file may not choose the process backend (docs/security.md).
        Path config = Files.writeString(dir.resolve("java-hello.yaml"), shipped.replace("codeUri: ../sample-functions", "codeUri: " + samples));
        int port = freePort();
        try (ChildPlatform child = new ChildPlatform(Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()),
                "up", config.toString(), "--port", "0", "--backend", backend, "--debug", "java-hello:" + port)) {
            child.awaitListening();
            assertTrue(child.out().stream().anyMatch(l -> l.startsWith("localfaas ") && l.contains(", backend " + backend)), child.out().toString());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    child.out().stream().anyMatch(l -> l.startsWith("debugging java-hello: the JVM's JDWP agent listens on 127.0.0.1:" + port)));
            try (java.net.Socket s = jdwpAttach(port)) {
                assertTrue(s.isConnected(), "the agent answered the handshake");
            }
            child.process.destroy();
            child.awaitExit();
        }
    }

    @ParameterizedTest(name = "backend {0}")
    @ValueSource(strings = {"docker", "process"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theNodeInspectorAnswersOnTheGivenPort(String backend) throws Exception {
        int port = freePort();
        Path file = nodeApp("exports.handler = (req, resp, context) => { resp.send('hi'); };\n",
                "web: {runtime: nodejs18, codeUri: code, handler: index.handler, triggers: [{path: /web, methods: [GET]}]}", "");
        // HTTP/1.1: the inspector's server takes an h2c upgrade request for a WebSocket handshake.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        try (ChildPlatform child = new ChildPlatform(Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()),
                "up", file.toString(), "--port", "0", "--backend", backend, "--debug", "web:" + port)) {
            String base = child.awaitListening();
            assertTrue(child.out().stream().anyMatch(l -> l.startsWith("localfaas ") && l.contains(", backend " + backend)), child.out().toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> child.out().stream().anyMatch(l -> l.equals(
                    "debugging web: the Node inspector listens on 127.0.0.1:" + port + " (one instance; timeouts extended to 600 s, initializer 300 s)")));
            URI list = URI.create("http://127.0.0.1:" + port + "/json/list");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    http.send(HttpRequest.newBuilder(list).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            String targets = http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(targets.contains("webSocketDebuggerUrl"), targets);
            assertEquals("hi", http.send(HttpRequest.newBuilder(URI.create(base + "/web")).build(), HttpResponse.BodyHandlers.ofString()).body());
            child.process.destroy();
            child.awaitExit();
        }
    }
}
