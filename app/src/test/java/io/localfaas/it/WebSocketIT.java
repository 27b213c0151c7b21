package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.localfaas.testing.WebSocketRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WebSocket through the gateway on the real engine: a custom runtime function (a Node server written here that answers
 * the upgrade by hand on Node's http module) behind an HTTP trigger with JWT. Echo both ways, the server's own close, the
 * function's timeout cutting the connection (FC: the client sees 1006), a missing token refused 401 before any instance
 * starts, and a built-in runtime's refusal.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WebSocketIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "websocket-it-secret-of-at-least-32-bytes";
    private static RunningPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-websocket");
        Path code = NpmInstall.copy(Path.of("src", "test", "resources", "websocket"), dir.resolve("websocket"));
        Files.writeString(dir.resolve("index.js"), "exports.handler = (event, context, callback) => callback(null, 'hi');\n");
        Path config = dir.resolve("ws.yaml");
        Files.writeString(config, """
                service: ws
                platform: {host: 127.0.0.1, port: 0}
                functions:
                  chat:
                    runtime: custom
                    codeUri: %s
                    timeout: 6s
                    instanceConcurrency: 10
                    customRuntimeConfig: {command: [node], args: [index.js], port: 9000}
                    triggers: [{path: /chat, methods: [GET], auth: {type: jwt, secret: "%s"}}]
                  plain:
                    runtime: nodejs18
                    codeUri: %s
                    handler: index.handler
                    triggers: [{path: /plain, methods: [GET]}]
                """.formatted(code, SECRET, dir));
        platform = new RunningPlatform(config);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static String token() {
        return Jwts.builder().subject("alice").expiration(Date.from(Instant.now().plusSeconds(600)))
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8))).compact();
    }

    private static JsonNode next(WebSocketRecorder client) throws Exception {
        return JSON.readTree(client.next(Duration.ofSeconds(30)));
    }

    private static WebSocket connect(WebSocketRecorder client) throws Exception {
        return platform.http.newWebSocketBuilder().header("Authorization", "Bearer " + token())
                .buildAsync(URI.create(platform.gateway.baseUrl().replace("http:", "ws:") + "/chat/room?x=1"), client)
                .get(120, TimeUnit.SECONDS); // the first one waits for a cold start
    }

    @Test
    void messagesEchoBothWaysWithFcsHeadersAndTheClaimsAndEitherSideMayClose() throws Exception {
        WebSocketRecorder client = new WebSocketRecorder();
        WebSocket ws = connect(client);
        for (String m : new String[] {"hello", "world"}) {
            ws.sendText(m, true).get(10, TimeUnit.SECONDS);
            JsonNode j = next(client);
            assertEquals(m, j.get("echo").asText());
            assertEquals("/chat/room?x=1", j.get("path").asText());
            assertTrue(!j.get("requestId").asText().isEmpty(), "FC's request id reached the function");
            assertTrue(j.get("claims").asText().contains("alice"), "the token's claims reached the function: " + j);
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        assertTrue(client.ended.get(30, TimeUnit.SECONDS).startsWith("1000"));

        WebSocketRecorder second = new WebSocketRecorder();
        connect(second).sendText("bye", true).get(10, TimeUnit.SECONDS);
        assertEquals("1000 server says bye", second.ended.get(30, TimeUnit.SECONDS));
    }

    @Test
    void theFunctionsTimeoutEndsTheConnection() throws Exception {
        WebSocketRecorder client = new WebSocketRecorder();
        WebSocket ws = connect(client);
        ws.sendText("before", true).get(10, TimeUnit.SECONDS);
        assertEquals("before", next(client).get("echo").asText());
        String end = client.ended.get(60, TimeUnit.SECONDS);
        assertTrue(WebSocketRecorder.dropped(end), "cut without a close frame, as FC does: " + end);
        // The instance serves again: a new connection echoes.
        WebSocketRecorder after = new WebSocketRecorder();
        connect(after).sendText("again", true).get(10, TimeUnit.SECONDS);
        assertEquals("again", next(after).get("echo").asText());
    }

    private static String upgradeHead(String path, String authorization) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + (authorization == null ? "" : "Authorization: " + authorization + "\r\n");
    }

    @Test
    void withoutAValidTokenTheUpgradeIsRefused401() throws Exception {
        RawHttp.Answer none = RawHttp.send(platform.gateway.port(), upgradeHead("/chat", null), new byte[0]);
        assertEquals(401, none.status(), none.body());
        assertEquals("InvalidToken", JSON.readTree(none.body()).get("errorCode").asText());
        RawHttp.Answer bad = RawHttp.send(platform.gateway.port(), upgradeHead("/chat", "Bearer x.y.z"), new byte[0]);
        assertEquals(401, bad.status(), bad.body());
    }

    @Test
    void aBuiltInRuntimeCannotServeWebSocket() throws Exception {
        RawHttp.Answer r = RawHttp.send(platform.gateway.port(), upgradeHead("/plain", null), new byte[0]);
        assertEquals(400, r.status(), r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals("WebSocketNotSupported", j.get("errorCode").asText());
        assertTrue(j.get("errorMessage").asText().contains("nodejs18"), r.body());
        assertTrue(r.header("x-fc-request-id") != null);
    }
}
