package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.backend.ImageBuild;
import io.localfaas.backend.Labels;
import io.localfaas.backend.docker.DockerImages;
import io.localfaas.gateway.GatewayOptions;
import io.localfaas.gateway.GatewayServer;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.port.FunctionSnapshot;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Responses stream from instance to client, and a request body of known length streams to the instance, on the real
 * engine. The instance is a custom container (built here FROM the local nodejs18 runtime image, for its Node binary)
 * because the nodejs18 runtime itself collects a function's whole response before answering (runtime-images/PROTOCOL.md).
 * One platform serves every test of the class.
 */
class StreamingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAG = "localfaas-it/streaming:" + UUID.randomUUID().toString().substring(0, 8);
    private static DockerImages images;
    private static RunningPlatform p;
    /** A second gateway on the same scheduler with tight limits: 2 s read/write timeout, 2 connections. */
    private static GatewayServer tight;
    /** A gateway and its metrics: the way each call's slot was found. */
    private static GatewayServer direct;
    /** Made anew by each start: a failed method is rerun in the same JVM, and a registry takes each gauge once. */
    private static GatewayMetrics directMetrics;

    @BeforeAll
    static void start() throws Exception {
        images = DockerImages.connect();
        images.build(new ImageBuild(io.localfaas.spec.Runtime.NODEJS18.image(), Path.of("src/test/resources/streaming-container"), TAG,
                Map.of(Labels.OWNER, Labels.OWNER_VALUE), Duration.ofMinutes(2)));
        Path config = Files.createTempDirectory("localfaas-streaming").resolve("streaming.yaml");
        Files.writeString(config, """
                service: streaming
                platform: {host: 127.0.0.1, port: 0}
                functions:
                  parts:
                    runtime: custom-container
                    image: %1$s
                    command: [node, /code/server.js]
                    instanceConcurrency: 4
                    maxInstances: 1
                    timeout: 60s
                    triggers:
                      - {path: /s, methods: [GET, POST]}
                  late:
                    runtime: custom-container
                    image: %1$s
                    command: [node, /code/server.js]
                    maxInstances: 1
                    timeout: 2s
                    triggers:
                      - {path: /t, methods: [GET]}
                  dies:
                    runtime: custom-container
                    image: %1$s
                    command: [node, /code/server.js]
                    maxInstances: 1
                    timeout: 60s
                    triggers:
                      - {path: /d, methods: [GET]}
                """.formatted(TAG));
        p = new RunningPlatform(config);
        GatewayOptions tightLimits = GatewayOptions.defaults("127.0.0.1", 0)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(2));
        tight = gateway(tightLimits.withMaxConnections(2));
        directMetrics = new GatewayMetrics();
        direct = gateway(GatewayOptions.defaults("127.0.0.1", 0), directMetrics);
    }

    /** Another gateway on the platform's scheduler, started. */
    private static GatewayServer gateway(GatewayOptions options) {
        return gateway(options, new GatewayMetrics());
    }

    private static GatewayServer gateway(GatewayOptions options, GatewayMetrics metrics) {
        GatewayServer g = new GatewayServer(p.scheduler, options, metrics, Clock.systemUTC());
        g.start();
        return g;
    }

    @AfterAll
    static void stop() {
        for (GatewayServer g : new GatewayServer[] {tight, direct}) {
            if (g != null) {
                g.close();
            }
        }
        if (p != null) {
            p.close();
        }
        images.removeIfUnused(TAG);
        images.close();
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void theClientReceivesTheFirstPartBeforeTheInstanceProducesTheSecond(Way way) throws Exception {
        URI uri = way.uri("/s", "/parts");
        long directBefore = directMetrics.calls("direct");
        long waitedBefore = directMetrics.calls("waited");
        HttpResponse<InputStream> r = p.http.send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
        // The way it went, counted by the gateway: a free slot is served without a worker (no silent wait).
        assertEquals(way == Way.DIRECT ? 1 : 0, directMetrics.calls("direct") - directBefore, "calls whose slot was free at once");
        assertEquals(way == Way.DIRECT ? 0 : 1, directMetrics.calls("waited") - waitedBefore, "calls whose slot a worker waited for");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("x-localfaas-instance").isPresent(), "platform headers are still set");
        try (BufferedReader body = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertEquals("part 1", body.readLine());
            // Only now does the instance write part 2: the client had part 1 while the response was still open.
            assertEquals(1, inFlight("parts"), "the slot is held while the body is being copied");
            assertEquals("1", p.get("/s/release").body());
            assertEquals("part 2", body.readLine());
            assertEquals(null, body.readLine());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> inFlight("parts") == 0);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aClientThatGoesAwayMidBodyGivesTheSlotBack(Way way) throws Exception {
        try (Socket s = new Socket("127.0.0.1", way.uri("/s", "/drip").getPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /s/drip HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readUntil(s.getInputStream(), "drip\n");
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertEquals(1, inFlight("parts"));
        }
        // The instance drips until the connection closes; the function's timeout (60 s) is not what frees the slot.
        await().atMost(Duration.ofSeconds(20)).until(() -> inFlight("parts") == 0);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void anInstanceThatDiesMidBodyCutsTheResponseAndGivesTheSlotBack(Way way) throws Exception {
        HttpResponse<InputStream> r = p.http.send(HttpRequest.newBuilder(way.uri("/d", "/die"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (InputStream body = r.body()) {
            assertThrows(IOException.class, body::readAllBytes, "a cut-off body is never presented as a complete one");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> inFlight("dies") == 0);
    }

    @Test
    void aRequestBodyWithContentLengthArrivesIntact() throws Exception {
        byte[] body = new byte[4 * 1024 * 1024 + 17];
        new Random(6).nextBytes(body);
        HttpResponse<String> r = p.http.send(HttpRequest.newBuilder(URI.create(p.gateway.baseUrl() + "/s/upload"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals(body.length, j.get("bytes").asLong());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(body), HexFormat.of().parseHex(j.get("sha256").asText()));
        await().atMost(Duration.ofSeconds(20)).until(() -> inFlight("parts") == 0);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void theFunctionTimeoutFiringMidBodyCutsTheResponseAndGivesTheSlotBack(Way way) throws Exception {
        HttpResponse<InputStream> r = p.http.send(HttpRequest.newBuilder(way.uri("/t", "/parts"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (BufferedReader body = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertEquals("part 1", body.readLine());
            // The instance holds part 2 back (for 30 s); the function's timeout (2 s) ends the call first.
            assertThrows(IOException.class, body::readLine, "a body cut off by the timeout is never presented as complete");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> inFlight("late") == 0);
        p.get("/s/release");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aClientThatStopsReadingIsCutOffByTheWriteTimeout(Way way) throws Exception {
        way.warm("/s");
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", tight.port()));
            OutputStream out = s.getOutputStream();
            out.write("GET /s/flood HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> inFlight("parts") == 1);
            // The client never reads: the buffers fill, the gateway's write makes no progress for 2 s and gives up,
            // which closes the connection and gives the slot back (not the function's 60 s timeout).
            await().atMost(Duration.ofSeconds(30)).until(() -> inFlight("parts") == 0);
            s.setSoTimeout(20_000);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            assertThrows(IOException.class, () -> {
                long total = 0;
                for (int n; (n = in.read(buf)) >= 0; ) {
                    total += n;
                }
                throw new IOException("closed after " + total + " bytes (no chunked terminator expected)");
            });
        }
    }

    @Test
    void beyondTheConnectionCapTheOldestIdleConnectionMakesRoom() throws Exception {
        int port = tight.port();
        try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port)) {
            assertTrue(healthz(first).startsWith("HTTP/1.1 200"));
            assertTrue(healthz(second).startsWith("HTTP/1.1 200"));
            try (Socket third = new Socket("127.0.0.1", port)) {
                // Both kept-alive connections are idle: the oldest is closed for the third (ConnectionCapTest has the rest).
                assertTrue(healthz(third).startsWith("HTTP/1.1 200"), "served past the cap");
                first.setSoTimeout(20_000);
                InputStream in = first.getInputStream();
                while (in.read() == '\n') {
                    // the end of its last answer's body
                }
                assertEquals(-1, in.read(), "the oldest idle connection was closed");
            }
        }
    }

    /**
     * The two ways a call's slot is found, both on the one call path: {@link #DIRECT} (a free slot at once, the call
     * never leaves the connection's I/O thread; the function is warmed first so that its instance is ready and idle)
     * and {@link #WAITED} (the function's instances are retired first, so a worker thread waits for a cold start's slot
     * and hands the call back to the I/O thread).
     */
    enum Way {
        DIRECT, WAITED;

        /** The URI of {@code path} under the trigger {@code prefix}, after warming (or emptying) the function. */
        URI uri(String prefix, String path) throws Exception {
            warm(prefix);
            return URI.create(direct.baseUrl() + prefix + path);
        }

        /** {@link #DIRECT}: one quick call, so that the function has a ready instance with a free slot; {@link #WAITED}: none. */
        void warm(String prefix) throws Exception {
            assertEquals(200, p.get(prefix + "/release").statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() -> p.scheduler.snapshot().functions().stream()
                    .allMatch(f -> f.inflight() == 0));
            if (this == WAITED) {
                String function = FUNCTIONS.get(prefix);
                p.scheduler.retireAll(function);
                await().atMost(Duration.ofSeconds(30)).until(() -> p.scheduler.snapshot().functions().stream()
                        .filter(f -> f.function().equals(function)).allMatch(f -> f.instances().isEmpty()));
            }
        }
    }

    private static final Map<String, String> FUNCTIONS = Map.of("/s", "parts", "/t", "late", "/d", "dies");

    /** GET /healthz on a connection, read up to the end of its body. */
    private static String healthz(Socket s) throws IOException {
        s.setSoTimeout(20_000);
        OutputStream out = s.getOutputStream();
        out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readUntil(s.getInputStream(), "\"ok\"}");
    }

    private static int inFlight(String function) {
        return p.scheduler.snapshot().functions().stream().filter(f -> f.function().equals(function))
                .mapToInt(FunctionSnapshot::inflight).sum();
    }

    /** Reads from {@code in} until {@code marker} arrived (the socket's read timeout bounds the wait). */
    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[1024];
        while (!seen.toString().contains(marker)) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("the connection closed before '" + marker.trim() + "': " + seen);
            }
            seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        return seen.toString();
    }
}
