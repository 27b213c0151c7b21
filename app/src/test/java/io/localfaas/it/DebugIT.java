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

/** faas up --debug on the real engine: the Node inspector of the function's one instance answers /json/list on loopback. */
class DebugIT {
    @TempDir
    Path dir;

    /** The sample Java function (built by the reactor into sample-functions/java-hello/code): its JDWP agent answers the handshake. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theJdwpAgentAnswersTheHandshake() throws Exception {
        Path jar = Path.of("..", "sample-functions", "java-hello", "code", "java-hello.jar").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), "the build wrote the sample's jar");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = Path.of("..", "config", "java-hello.yaml").toAbsolutePath().normalize();
        try (ChildPlatform child = new ChildPlatform(Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()),
                "up", config.toString(), "--port", "0", "--debug", "java-hello:" + port)) {
            child.awaitListening();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    child.out().stream().anyMatch(l -> l.startsWith("debugging java-hello: the JVM's JDWP agent listens on 127.0.0.1:" + port)));
            byte[] handshake = "JDWP-Handshake".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int p = port;
            byte[] answer = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress("127.0.0.1", p), 2000);
                    s.setSoTimeout(5000);
                    s.getOutputStream().write(handshake);
                    return s.getInputStream().readNBytes(handshake.length);
                }
            }, a -> a.length == handshake.length);
            assertEquals("JDWP-Handshake", new String(answer, java.nio.charset.StandardCharsets.US_ASCII));
            child.process.destroy();
            child.awaitExit();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theNodeInspectorAnswersOnTheGivenPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path code = Files.createDirectory(dir.resolve("code"));
        Files.writeString(code.resolve("index.js"), "exports.handler = (req, resp, context) => { resp.send('hi'); };\n");
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, "service: dbg\nfunctions:\n"
                + "  web: {runtime: nodejs18, codeUri: code, handler: index.handler, triggers: [{path: /web, methods: [GET]}]}\n");
        // HTTP/1.1: the inspector's server takes an h2c upgrade request for a WebSocket handshake.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        try (ChildPlatform child = new ChildPlatform(Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()),
                "up", file.toString(), "--port", "0", "--debug", "web:" + port)) {
            String base = child.awaitListening();
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
