package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import io.localfaas.gateway.async.AsyncInvoker;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.port.Happened;
import io.localfaas.spec.AuthSpec;
import io.localfaas.spec.FunctionSpec;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's one call path against a fake port ({@link FakeCalls}) and an in-process instance (real Undertow on a
 * loopback port): no Docker. Follows a request route -> entry -> call -> answer and checks which threads did what.
 */
@Timeout(60)
class CallPathTest {
    private static final int BIG = 300 * 1024;
    @TempDir
    Path dir;
    private Undertow instance;
    private Undertow gateway;
    private FakeCalls calls;
    private GatewayMetrics metrics;
    private AsyncInvoker async;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        instance = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(new io.undertow.server.handlers.BlockingHandler(exchange -> {
            byte[] body = exchange.getInputStream().readAllBytes();
            String path = exchange.getRequestPath();
            if (path.endsWith("/fail")) {
                exchange.setStatusCode(500);
                exchange.getResponseHeaders().put(io.undertow.util.HttpString.tryFromString("x-fc-error-type"), "UnhandledInvocationError");
                exchange.getOutputStream().write("{\"errorMessage\":\"boom\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.endsWith("/heads")) {
                // Every header line the instance received, lower-cased names, sorted: what the call's head was.
                List<String> lines = new java.util.ArrayList<>();
                exchange.getRequestHeaders().forEach(values -> values.forEach(v -> lines.add(values.getHeaderName().toString()
                        .toLowerCase(java.util.Locale.ROOT) + ": " + v)));
                java.util.Collections.sort(lines);
                exchange.getOutputStream().write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.endsWith("/big")) {
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, BIG);
                exchange.getOutputStream().write(pattern(BIG));
                return;
            }
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseHeaders().put(io.undertow.util.HttpString.tryFromString("x-seen-key"),
                    String.valueOf(exchange.getRequestHeaders().getFirst("x-localfaas-instance-key")));
            exchange.getOutputStream().write(body);
        })).build();
        instance.start();
        FunctionSpec fn = spec();
        calls = new FakeCalls(fn, port(instance));
        metrics = new GatewayMetrics();
        CallPath path = new CallPath(calls, Duration.ofSeconds(5), metrics);
        FunctionRoutes routes = new FunctionRoutes(() -> List.of(fn), Clock.systemUTC(), false);
        GatewayOptions options = GatewayOptions.defaults("127.0.0.1", 0).withBodyLimits(1024 * 1024, 128 * 1024);
        HttpTriggerHandler trigger = new HttpTriggerHandler(routes, options.maxBodyBytes(), path,
                new HttpEventHandler(options.maxBodyBytes(), path, Clock.systemUTC()));
        async = new AsyncInvoker((f, id, event, retry) -> AsyncInvoker.Attempt.succeeded("i-fake", event), Clock.systemUTC(), 10, 1, 0,
                Duration.ofSeconds(1), 10, 10);
        InvokeApiHandler invoke = new InvokeApiHandler(routes, options, async, (f, i, r, w) -> "", path);
        gateway = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
            if (exchange.getRequestPath().startsWith("/invoke")) {
                invoke.handle(exchange, exchange.getRequestPath().endsWith("/nope") ? "nope" : "echo");
            } else {
                trigger.handle(exchange, new Route.Found("echo", Optional.empty(), AuthSpec.NONE), false);
            }
        }).build();
        gateway.start();
        base = "http://127.0.0.1:" + port(gateway);
    }

    private FunctionSpec spec() throws Exception {
        return TestSpecs.function(dir, "echo:\n    runtime: custom-container\n    image: x/y:1\n    timeout: 5s\n");
    }

    @AfterEach
    void stop() {
        gateway.stop();
        instance.stop();
        async.close();
    }

    private static int port(Undertow u) {
        return ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    private HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The slot was given back exactly once, with {@code what}. */
    private void givenBackOnce(Happened what) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !calls.given.isEmpty());
        assertEquals(List.of(what), calls.given);
    }

    @Test
    void aSmallRequestOnAFreeInstanceIsServedWithoutAWorkerThread() throws Exception {
        HttpResponse<byte[]> r = post("/hello", "hi".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode());
        assertEquals("hi", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("k-fake", r.headers().firstValue("x-seen-key").orElseThrow(), "the instance key reached the instance");
        assertEquals("i-fake", r.headers().firstValue("x-localfaas-instance").orElseThrow());
        givenBackOnce(Happened.ANSWERED);
        assertEquals(1, metrics.calls(CallPath.DIRECT));
        assertEquals(0, metrics.calls(CallPath.WAITED));
        assertEquals(List.of(), calls.takeThreads, "no worker waited");
        assertTrue(calls.tryTakeThreads.get(0).contains("I/O"), "the slot was taken on the I/O thread: " + calls.tryTakeThreads);
        assertTrue(calls.giveThreads.get(0).contains("I/O"), "the slot was given back on the I/O thread: " + calls.giveThreads);
    }

    @Test
    void withoutAFreeSlotAWorkerWaitsForOneAndHandsTheCallBackToTheIoThread() throws Exception {
        calls.free.set(false);
        HttpResponse<byte[]> r = post("/hello", "waited".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode());
        assertEquals("waited", new String(r.body(), StandardCharsets.UTF_8));
        givenBackOnce(Happened.ANSWERED);
        assertEquals(0, metrics.calls(CallPath.DIRECT));
        assertEquals(1, metrics.calls(CallPath.WAITED));
        assertEquals(1, calls.takeThreads.size());
        assertTrue(calls.takeThreads.get(0).contains("task"), "a worker waited: " + calls.takeThreads);
        assertTrue(calls.giveThreads.get(0).contains("I/O"), "the call itself ran on the I/O thread: " + calls.giveThreads);
    }

    @Test
    void aLargeBodyStreamsToTheInstanceAndALargeAnswerBack() throws Exception {
        byte[] body = pattern(BIG + 17);
        HttpResponse<byte[]> r = post("/echo", body);
        assertEquals(200, r.statusCode());
        assertArrayEquals(body, r.body());
        givenBackOnce(Happened.ANSWERED);
        HttpResponse<byte[]> big = post("/big", new byte[0]);
        assertEquals(200, big.statusCode());
        assertArrayEquals(pattern(BIG), big.body());
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeAnySlotIsTaken() throws Exception {
        // Only the head is sent: the answer comes before any of the body is read (a client still writing a body the
        // gateway will not read may see the connection reset before it reads the answer).
        try (java.net.Socket c = new java.net.Socket("127.0.0.1", port(gateway))) {
            c.setSoTimeout(10_000);
            c.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + (1024 * 1024 + 1)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().flush();
            byte[] head = new byte[12];
            int n = c.getInputStream().readNBytes(head, 0, head.length);
            assertEquals("HTTP/1.1 413", new String(head, 0, n, StandardCharsets.US_ASCII));
        }
        assertEquals(List.of(), calls.tryTakeThreads);
    }

    @Test
    void aChunkedBodyIsReadBoundedThenSent() throws Exception {
        byte[] body = pattern(200 * 1024);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertArrayEquals(body, r.body());
        HttpResponse<byte[]> over = http.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[1024 * 1024 + 10]))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(413, over.statusCode());
    }

    @Test
    void aFunctionErrorIsA502OnATrigger() throws Exception {
        HttpResponse<byte[]> trigger = post("/fail", new byte[0]);
        assertEquals(502, trigger.statusCode());
        assertEquals("UnhandledInvocationError", trigger.headers().firstValue("x-fc-error-type").orElseThrow());
        assertTrue(new String(trigger.body(), StandardCharsets.UTF_8).contains("boom"));
    }

    @Test
    void theInvokeApiAnswersTheResultAnd404ForAnUnknownFunction() throws Exception {
        HttpResponse<byte[]> r = post("/invoke", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode());
        assertEquals("{\"a\":1}", new String(r.body(), StandardCharsets.UTF_8));
        HttpResponse<byte[]> none = post("/invoke/nope", new byte[0]);
        assertEquals(404, none.statusCode());
    }

    @Test
    void anInstanceThatRefusesTheConnectionIsACrashAndItsSlotGoesBackOnce() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        calls.port(closed);
        HttpResponse<byte[]> r = post("/hello", "x".getBytes(StandardCharsets.UTF_8));
        assertTrue(r.statusCode() >= 500, "status " + r.statusCode());
        givenBackOnce(Happened.REFUSED);
    }

    @Test
    void anInterimAnswerWithABodyIsABadGatewayNotAHang() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            calls.port(s.getLocalPort());
            Thread server = new Thread(() -> {
                try (java.net.Socket c = s.accept()) {
                    c.getInputStream().read(new byte[4096]);
                    c.getOutputStream().write("HTTP/1.1 102 Processing\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
                    c.getOutputStream().flush();
                    c.getInputStream().read(); // holds the connection open until the gateway lets it go
                } catch (java.io.IOException ignored) {
                    // the gateway closed it
                }
            });
            server.start();
            HttpResponse<byte[]> r = post("/hello", "x".getBytes(StandardCharsets.UTF_8));
            assertEquals(502, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aTriggersCallCarriesTheHeadTheProtocolDefinesCopiedFromTheClientsHeaders() throws Exception {
        byte[] body = "hi".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/heads?q=1"))
                .header("X-Custom", "a").header("X-Custom", "b").header("Accept", "text/plain")
                .header("x-fc-request-id", "forged").header("X-Fc-Function-Name", "forged")
                .header("x-localfaas-instance-key", "forged").header("X-Forwarded-Host", "forged.example")
                .header("Proxy-Authorization", "Basic eA==")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        List<String> seen = List.of(new String(r.body(), StandardCharsets.UTF_8).split("\n"));
        assertEquals(seen.stream().filter(l -> l.startsWith("x-fc-request-id: ")).map(l -> l.substring(17)).toList(), calls.sent,
                "the platform is told of the call it sends, once (its instance's markers count only for those)");
        String host = "127.0.0.1:" + port(gateway);
        String agent = seen.stream().filter(l -> l.startsWith("user-agent: ")).findFirst().orElseThrow().substring(12);
        // What the blocking client would send for the same call: RequestHead.of over the client's headers as a map.
        Map<String, List<String>> client = new java.util.LinkedHashMap<>();
        client.put("X-Custom", List.of("a", "b"));
        client.put("Accept", List.of("text/plain"));
        client.put("User-Agent", List.of(agent));
        client.put("x-forwarded-host", List.of(host));
        io.localfaas.protocol.InvokeRequest request = new io.localfaas.protocol.InvokeRequest("-", io.localfaas.protocol.ControlPath.HTTP_INVOKE,
                "POST", "/heads?q=1", client, body, Optional.of("127.0.0.1"), Optional.empty());
        List<String> expected = calls.tryTake("echo").orElseThrow().head(request, body.length).headers().stream()
                .map(h -> h.name().toLowerCase(java.util.Locale.ROOT) + ": " + h.value()).sorted().toList();
        assertEquals(expected, seen, "no client x-fc-*, instance key, proxy credentials or forwarded host; the platform's own once");
    }
}
