package io.localfaas.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.port.Happened;
import io.localfaas.spec.AuthSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.testing.WebSocketRecorder;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * WebSocket through the gateway's one call path, against a fake port ({@link FakeCalls}) and an in-process Undertow
 * WebSocket echo as the instance, with the JDK's WebSocket client: no Docker. Checks the relay both ways, that the slot
 * is held for the connection's life and given back once whoever closes, the function's timeout, and the refusals that
 * come before any slot is taken.
 */
@Timeout(60)
class WebSocketTest {
    private static final String SECRET = "websocket-test-secret-of-at-least-32-bytes";
    private static final AuthSpec JWT = new AuthSpec(AuthSpec.Type.JWT, Set.of("HS256"), Optional.of(SECRET), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), AuthSpec.DEFAULT_CLAIMS_HEADER);
    /** How long a connection stays quiet in the test of quiet connections; the gateway's read timeout is half of it. */
    private static final int QUIET_MILLIS = 3000;
    @TempDir
    Path dir;
    private Undertow instance;
    private Undertow gateway;
    private FakeCalls calls;
    private int gatewayPort;
    private CallPath path;

    /** The gateway in front of the echo instance, the function's timeout {@code timeout}. */
    private void start(String timeout) throws Exception {
        instance = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(Handlers.websocket((exchange, channel) -> {
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                    String text = message.getData();
                    if (text.equals("bye")) {
                        WebSockets.sendClose(1000, "instance says bye", ch, null);
                    } else {
                        WebSockets.sendText("echo:" + text + " key=" + exchange.getRequestHeader("x-localfaas-instance-key"), ch, null);
                    }
                }
            });
            channel.resumeReceives();
        })).build();
        instance.start();
        FunctionSpec echo = spec("echo:\n    runtime: custom-container\n    image: x/y:1\n    timeout: " + timeout
                + "\n    triggers: [{path: /chat, methods: [GET]}]\n");
        FunctionSpec node = spec("node:\n    runtime: nodejs18\n    codeUri: ./\n    handler: index.handler\n");
        calls = new FakeCalls(echo, port(instance));
        path = new CallPath(calls, Duration.ofSeconds(5), new GatewayMetrics());
        FunctionRoutes routes = new FunctionRoutes(() -> List.of(echo, node), Clock.systemUTC(), true);
        GatewayOptions options = GatewayOptions.defaults("127.0.0.1", 0);
        HttpTriggerHandler trigger = new HttpTriggerHandler(routes, options.maxBodyBytes(), path,
                new HttpEventHandler(options.maxBodyBytes(), path, Clock.systemUTC()));
        gateway = Undertow.builder().addHttpListener(0, "127.0.0.1").setSocketOption(org.xnio.Options.READ_TIMEOUT, QUIET_MILLIS / 2)
                .setSocketOption(org.xnio.Options.WRITE_TIMEOUT, QUIET_MILLIS / 2).setHandler(exchange -> {
            String p = exchange.getRequestPath();
            String host = exchange.getRequestHeaders().getFirst(io.undertow.util.Headers.HOST);
            if (host != null && host.endsWith(Router.FUNCTION_URL_SUFFIX)) {
                trigger.handle(exchange, (Route.Found) routes.resolve("GET", Optional.of(host), p, Optional.empty()), false);
            } else if (p.startsWith("/jwt")) {
                trigger.handle(exchange, new Route.Found("echo", Optional.empty(), JWT), false);
            } else if (p.startsWith("/node")) {
                trigger.handle(exchange, new Route.Found("node", Optional.empty(), AuthSpec.NONE), false);
            } else if (p.startsWith("/event")) {
                trigger.handle(exchange, new Route.Found("echo", Optional.empty(), AuthSpec.NONE, true), false);
            } else {
                trigger.handle(exchange, new Route.Found("echo", Optional.empty(), AuthSpec.NONE), false);
            }
        }).build();
        gateway.start();
        gatewayPort = port(gateway);
    }

    private FunctionSpec spec(String function) throws Exception {
        return TestSpecs.function(dir, function);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        if (instance != null) {
            instance.stop();
        }
    }

    private static int port(Undertow u) {
        return ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
    }

    private WebSocket connect(String path, WebSocketRecorder client) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + gatewayPort + path), client).get(10, TimeUnit.SECONDS);
    }

    /** A connection through a gateway whose function's timeout is {@code timeout}, that echoed {@code message} once. */
    private WebSocketRecorder connectedAndEchoed(String timeout, String message) throws Exception {
        start(timeout);
        WebSocketRecorder client = new WebSocketRecorder();
        client.ws = connect("/chat", client);
        client.ws.sendText(message, true).get(5, TimeUnit.SECONDS);
        assertEquals("echo:" + message + " key=k-fake", client.next(Duration.ofSeconds(10)));
        return client;
    }

    /** The slot was given back exactly once, with {@code what} (and stays so). */
    private void givenBackOnce(Happened what) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !calls.given.isEmpty());
        assertEquals(List.of(what), calls.given);
    }

    @Test
    void messagesAreRelayedBothWaysAndTheSlotIsHeldUntilTheClientCloses() throws Exception {
        start("30s");
        WebSocketRecorder client = new WebSocketRecorder();
        WebSocket ws = connect("/chat", client);
        for (String m : List.of("one", "two", "three")) {
            ws.sendText(m, true).get(5, TimeUnit.SECONDS);
            assertEquals("echo:" + m + " key=k-fake", client.next(Duration.ofSeconds(10)), "the instance key reached the instance");
        }
        assertEquals(List.of(), calls.given, "the slot is held while the connection is open");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        assertTrue(client.ended.get(10, TimeUnit.SECONDS).startsWith("1000"), "the instance's close came back");
        givenBackOnce(Happened.ANSWERED);
        assertEquals(1, calls.tryTakeThreads.size());
    }

    @Test
    void aConnectionMayStayQuietLongerThanTheGatewaysReadTimeout() throws Exception {
        WebSocketRecorder client = connectedAndEchoed("30s", "first");
        assertThrows(java.util.concurrent.TimeoutException.class, () -> client.ended.get(QUIET_MILLIS, TimeUnit.MILLISECONDS),
                "the quiet connection stays open");
        client.ws.sendText("after a while", true).get(5, TimeUnit.SECONDS);
        assertEquals("echo:after a while key=k-fake", client.next(Duration.ofSeconds(10)));
        assertEquals(List.of(), calls.given);
    }

    @Test
    void theInstanceClosingEndsTheConnectionAndGivesTheSlotBackOnce() throws Exception {
        start("30s");
        WebSocketRecorder client = new WebSocketRecorder();
        WebSocket ws = connect("/chat", client);
        ws.sendText("bye", true).get(5, TimeUnit.SECONDS);
        assertEquals("1000 instance says bye", client.ended.get(10, TimeUnit.SECONDS));
        givenBackOnce(Happened.ANSWERED);
    }

    @Test
    void theFunctionsTimeoutCutsTheConnectionAndGivesTheSlotBackOnce() throws Exception {
        WebSocketRecorder client = connectedAndEchoed("1s", "early");
        String end = client.ended.get(15, TimeUnit.SECONDS);
        assertTrue(WebSocketRecorder.dropped(end), "the connection dropped without a close frame: " + end);
        givenBackOnce(Happened.ANSWERED);
    }

    @Test
    void anOpenConnectionCountsForTheDrainAndIsCutWhenItsGraceIsOver() throws Exception {
        WebSocketRecorder client = connectedAndEchoed("30s", "still here");
        assertEquals(1, path.upgrades().open());
        assertFalse(path.upgrades().awaitNone(Duration.ofMillis(50)), "the open connection is in flight");
        path.upgrades().cutAll();
        client.ended.get(10, TimeUnit.SECONDS);
        givenBackOnce(Happened.ANSWERED);
        assertTrue(path.upgrades().awaitNone(Duration.ofSeconds(5)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "websocket | Upgrade            | true",
            "WebSocket | keep-alive, Upgrade | true",
            "websocket |                    | false",
            "h2c       | Upgrade            | false",
            "          | Upgrade            | false"})
    void whichRequestsAskForWebSocket(String upgrade, String connection, boolean asked) {
        io.undertow.util.HeaderMap h = new io.undertow.util.HeaderMap();
        if (upgrade != null) {
            h.put(io.undertow.util.Headers.UPGRADE, upgrade);
        }
        if (connection != null) {
            h.put(io.undertow.util.Headers.CONNECTION, connection);
        }
        assertEquals(asked, Upgrades.asked(h));
    }

    /**
     * A hand-made upgrade request (the JDK's HttpClient will not send one): the status line and body of the answer, or
     * the whole head of a {@code 101}.
     */
    private String rawUpgrade(String path, String authorization) throws Exception {
        return rawUpgrade(path, "localhost", authorization);
    }

    private String rawUpgrade(String path, String host, String authorization) throws Exception {
        try (Socket s = new Socket("127.0.0.1", gatewayPort)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    seen.write(buf, 0, n);
                    String text = seen.toString(StandardCharsets.UTF_8);
                    int head = text.indexOf("\r\n\r\n");
                    if (head >= 0 && text.startsWith("HTTP/1.1 101")) {
                        return text; // the handshake's answer, head only
                    }
                    if (head >= 0 && text.strip().endsWith("}")) {
                        return text.substring(0, text.indexOf("\r\n")) + " " + text.substring(head + 4).strip();
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                return "TIMEOUT " + seen.toString(StandardCharsets.UTF_8);
            }
            return seen.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aJwtTriggerRefusesAnUpgradeWithoutAValidTokenBeforeAnySlotIsTaken() throws Exception {
        start("30s");
        String none = rawUpgrade("/jwt/chat", null);
        assertTrue(none.startsWith("HTTP/1.1 401") && none.contains("\"InvalidToken\""), none);
        String bad = rawUpgrade("/jwt/chat", "Bearer not.a.token");
        assertTrue(bad.startsWith("HTTP/1.1 401") && bad.contains("\"InvalidToken\""), bad);
        assertEquals(List.of(), calls.tryTakeThreads, "no slot was asked for");
        WebSocketRecorder client = new WebSocketRecorder();
        String token = io.jsonwebtoken.Jwts.builder().subject("alice").expiration(java.util.Date.from(java.time.Instant.now().plusSeconds(300))).signWith(io.jsonwebtoken.security.Keys.hmacShaKeyFor(
                SECRET.getBytes(StandardCharsets.UTF_8))).compact();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + gatewayPort + "/jwt/chat"), client).get(10, TimeUnit.SECONDS);
        ws.sendText("signed", true).get(5, TimeUnit.SECONDS);
        assertEquals("echo:signed key=k-fake", client.next(Duration.ofSeconds(10)));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        givenBackOnce(Happened.ANSWERED);
    }

    @Test
    void aBuiltInRuntimeOrAnEventTriggerCannotServeWebSocket() throws Exception {
        start("30s");
        String node = rawUpgrade("/node/chat", null);
        assertTrue(node.startsWith("HTTP/1.1 400") && node.contains("\"WebSocketNotSupported\"") && node.contains("nodejs18"), node);
        String event = rawUpgrade("/event/chat", null);
        assertTrue(event.startsWith("HTTP/1.1 400") && event.contains("\"WebSocketNotSupported\""), event);
        assertEquals(List.of(), calls.tryTakeThreads, "no slot was asked for");
    }

    @Test
    void aFunctionUrlPassesTheUpgradeOnLikeATrigger() throws Exception {
        start("30s");
        String answer = rawUpgrade("/any/path", "echo.localhost", null);
        assertTrue(answer.startsWith("HTTP/1.1 101"), answer);
        assertTrue(answer.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "the instance's handshake answer: " + answer);
        givenBackOnce(Happened.ANSWERED); // the socket closed
    }

    @Test
    void anInstanceThatDoesNotSwitchIsAnsweredAsAnHttpAnswerAndItsSlotGoesBack() throws Exception {
        start("30s");
        instance.stop();
        instance = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
            exchange.setStatusCode(426);
            exchange.getResponseSender().send("{\"no\":\"upgrade\"}");
        }).build();
        instance.start();
        calls.port(port(instance));
        String answer = rawUpgrade("/chat", null);
        assertTrue(answer.startsWith("HTTP/1.1 426") && answer.endsWith("{\"no\":\"upgrade\"}"), answer);
        givenBackOnce(Happened.ANSWERED);
    }
}
