package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Jwts;
import io.localfaas.gateway.GatewayOptions;
import io.localfaas.gateway.GatewayServer;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway on the real engine, one platform for the class: both route styles, the invoke API (sync, async with
 * retries and dead letters, log tail), JWT, the admin API, metrics, limits and the bad-input corpus. Every answer
 * is checked for its status, its JSON error body and its {@code x-fc-request-id}.
 */
class GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "gateway-it-secret-of-at-least-32-bytes";
    private static ProbePlatform p;

    @BeforeAll
    static void start() throws Exception {
        p = new ProbePlatform();
    }

    @AfterAll
    static void stop() {
        if (p != null) {
            p.close();
        }
    }

    private static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    /** A platform error: status, FC errorCode, and the request id in header and body alike. */
    private static JsonNode assertError(HttpResponse<String> r, int status, String errorCode) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = json(r.body());
        assertEquals(errorCode, body.get("errorCode").asText(), r.body());
        assertTrue(body.hasNonNull("errorMessage"));
        assertEquals(r.headers().firstValue("x-fc-request-id").orElseThrow(), body.get("requestId").asText());
        return body;
    }

    private static void assertRawError(RawHttp.Answer a, int status, String errorCode) throws IOException {
        assertEquals(status, a.status(), a.head() + "\n" + a.body());
        assertEquals(errorCode, json(a.body()).get("errorCode").asText(), a.body());
        assertNotNull(a.header("x-fc-request-id"), a.head());
    }

    private static String token(String audience, Instant expires) {
        return Jwts.builder().subject("alice").audience().add(audience).and().expiration(Date.from(expires))
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8))).compact();
    }

    // --- routes ---

    @Test
    void triggerPathForwardsTheRequestWithoutClientFcHeaders() throws Exception {
        HttpResponse<String> r = p.send("POST", "/web/items?x=1", Map.of("x-fc-request-id", "forged", "x-fc-function-name", "other",
                "x-localfaas-jwt-claims", "{\"sub\":\"root\"}", "X-Custom", "kept"), "12345");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode seen = json(r.body());
        assertEquals("/web/items", seen.get("path").asText());
        assertEquals(5, seen.get("bodyLength").asInt());
        assertEquals("kept", seen.get("headers").get("x-custom").asText());
        assertFalse(seen.get("headers").has("x-localfaas-jwt-claims"), "a client-sent claims header never reaches the function");
        String id = r.headers().firstValue("x-fc-request-id").orElseThrow();
        assertNotEquals("forged", id);
        assertEquals(id, seen.get("requestId").asText(), "the function saw the gateway's request id, not the client's");
        assertTrue(r.headers().firstValue("x-localfaas-instance").isPresent());
    }

    @Test
    void fcProxyPathReachesTheSameFunction() throws Exception {
        HttpResponse<String> r = p.get("/2016-08-15/proxy/probe/web/sub?q=2");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("/sub", json(r.body()).get("path").asText());
    }

    @Test
    void unknownRoutesAreFcNotFoundCodes() throws Exception {
        assertTrue(assertError(p.get("/nowhere"), 404, "FunctionNotFound").get("errorMessage").asText().contains("/nowhere"));
        assertError(p.invoke("nope", Map.of(), ""), 404, "FunctionNotFound");
        assertError(p.send("POST", "/2016-08-15/services/other/functions/echo/invocations", Map.of(), ""), 404, "ServiceNotFound");
        assertError(p.send("POST", "/2016-08-15/services/probe.prod/functions/echo/invocations", Map.of(), ""), 404, "AliasNotFound");
        assertError(p.get("/2016-08-15/proxy/probe/echo/x"), 404, "FunctionNotFound");   // echo has no HTTP trigger
    }

    @Test
    void methodsOutsideTheTrigger() throws Exception {
        HttpResponse<String> trigger = p.send("DELETE", "/web", Map.of(), null);
        assertError(trigger, 405, "MethodNotAllowed");
        assertEquals("GET, POST, PUT", trigger.headers().firstValue("Allow").orElseThrow());
        HttpResponse<String> fc = p.send("DELETE", "/2016-08-15/proxy/probe/web/", Map.of(), null);
        assertError(fc, 403, "MethodNotAllowed");
        assertEquals("FcCommonError", fc.headers().firstValue("x-fc-error-type").orElseThrow());
        assertError(p.get("/2016-08-15/services/probe/functions/echo/invocations"), 400, "PathNotSupported");
    }

    // --- invoke API ---

    @Test
    void syncInvokeAnswersTheResultWithInstanceHeaders() throws Exception {
        HttpResponse<String> r = p.invoke("echo", Map.of(), "hello event");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("hello event", r.body());
        assertTrue(r.headers().firstValue("x-localfaas-instance").isPresent());
        assertTrue(r.headers().firstValue("x-localfaas-cold-start").isPresent());
        HttpResponse<String> latest = p.send("POST", "/2016-08-15/services/probe.LATEST/functions/echo/invocations",
                Map.of("X-Fc-Invocation-Type", "Sync"), "again");
        assertEquals(200, latest.statusCode());
        assertEquals("again", latest.body());
    }

    @Test
    void aFunctionErrorOnTheInvokeApiIs200WithItsErrorType() throws Exception {
        HttpResponse<String> r = p.invoke("fail", Map.of(), "");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("HandledInvocationError", r.headers().firstValue("x-fc-error-type").orElseThrow());
        JsonNode body = json(r.body());
        assertEquals("probe failure", body.get("errorMessage").asText());
        assertEquals("Error", body.get("errorType").asText());
    }

    @Test
    void logTailCarriesTheInvocationsLines() throws Exception {
        HttpResponse<String> r = p.invoke("echo", Map.of("X-Fc-Log-Type", "Tail"), "abc");
        assertEquals(200, r.statusCode(), r.body());
        String id = r.headers().firstValue("x-fc-request-id").orElseThrow();
        String tail = new String(Base64.getDecoder().decode(r.headers().firstValue("x-fc-log-result").orElseThrow()), StandardCharsets.UTF_8);
        assertTrue(tail.contains("FC Invoke Start RequestId: " + id), tail);
        assertTrue(tail.contains("FC Invoke End RequestId: " + id), tail);
        assertTrue(tail.contains("echo 3 byte(s)"), tail);
        assertTrue(tail.getBytes(StandardCharsets.UTF_8).length <= 4096);
        assertFalse(p.invoke("echo", Map.of(), "x").headers().firstValue("x-fc-log-result").isPresent(), "no tail unless asked");
    }

    @Test
    void unknownInvocationTypeIsRefused() throws Exception {
        assertError(p.invoke("echo", Map.of("X-Fc-Invocation-Type", "Later"), ""), 400, "InvalidArgument");
    }

    @Test
    void asyncInvokeIs202AndItsResultIsKept() throws Exception {
        HttpResponse<String> r = p.invoke("echo", Map.of("X-Fc-Invocation-Type", "Async"), "queued event");
        assertEquals(202, r.statusCode(), r.body());
        String id = r.headers().firstValue("x-fc-request-id").orElseThrow();
        JsonNode result = awaitAsync(id, "SUCCEEDED");
        assertEquals("queued event", result.get("body").asText());
        assertEquals(1, result.get("attempts").asInt());
    }

    /**
     * A gateway on the same platform with an async queue of 1 and one async worker: one invocation runs (the worker is
     * held 8 s by {@code hold}), one waits in the queue, the next is refused at once over HTTP: 429 ResourceExhausted,
     * FC's JSON error body and a Retry-After.
     */
    @Test
    void aFullAsyncQueueIs429ResourceExhaustedOverHttp() throws Exception {
        GatewayServer small = new GatewayServer(p.scheduler, GatewayOptions.defaults("127.0.0.1", 0).withAsync(1, 1, 0, Duration.ofMillis(100)),
                new GatewayMetrics(), Clock.systemUTC());
        small.start();
        try {
            URI invoke = URI.create(small.baseUrl() + "/2016-08-15/services/probe/functions/hold/invocations");
            java.util.function.Function<String, HttpResponse<String>> async = event -> {
                try {
                    return p.http.send(HttpRequest.newBuilder(invoke).header("X-Fc-Invocation-Type", "Async").timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            };
            assertEquals(202, async.apply("{\"ms\": 8000}").statusCode(), "the first runs");
            await().atMost(Duration.ofSeconds(60)).until(() -> p.scheduler.snapshot().functions().stream()
                    .anyMatch(f -> f.function().equals("hold") && f.executing() == 1));
            assertEquals(202, async.apply("{\"ms\": 1}").statusCode(), "the second waits in the queue of 1");
            HttpResponse<String> refused = async.apply("{\"ms\": 1}");
            assertError(refused, 429, "ResourceExhausted");
            assertTrue(json(refused.body()).get("errorMessage").asText().contains("queue is full (1)"), refused.body());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""), refused.headers().map().toString());
        } finally {
            small.close();
        }
    }

    @Test
    void asyncRetriesAFailedInvocation() throws Exception {
        String id = p.invoke("flaky", Map.of("X-Fc-Invocation-Type", "Async"), "").headers().firstValue("x-fc-request-id").orElseThrow();
        JsonNode result = awaitAsync(id, "SUCCEEDED");
        assertEquals(3, result.get("attempts").asInt(), "failed at retry 0 and 1, succeeded at retry 2");
        assertEquals(2, json(result.get("body").asText()).get("succeededAtRetry").asInt());
    }

    @Test
    void asyncKeepsWhatFailedEveryAttemptAsADeadLetter() throws Exception {
        String id = p.invoke("fail", Map.of("X-Fc-Invocation-Type", "Async"), "").headers().firstValue("x-fc-request-id").orElseThrow();
        JsonNode result = awaitAsync(id, "FAILED");
        assertEquals(4, result.get("attempts").asInt(), "one attempt and three retries");
        assertEquals("HandledInvocationError", result.get("errorType").asText());
        HttpResponse<String> dead = p.admin("GET", "/system/dead-letters");
        assertEquals(200, dead.statusCode());
        boolean listed = false;
        for (JsonNode d : json(dead.body())) {
            listed |= d.get("requestId").asText().equals(id);
        }
        assertTrue(listed, dead.body());
        assertError(p.admin("GET", "/system/async/no-such-id"), 404, "InvocationNotFound");
    }

    private static JsonNode awaitAsync(String id, String state) {
        JsonNode[] last = {null};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = p.admin("GET", "/system/async/" + id);
            last[0] = r.statusCode() == 200 ? json(r.body()) : null;
            return last[0] != null && last[0].get("state").asText().equals(state);
        });
        return last[0];
    }

    // --- platform errors ---

    @Test
    void aFunctionTimeoutIs504() throws Exception {
        assertError(p.invoke("sleep", Map.of(), "{\"ms\": 3000}"), 504, "FunctionTimeout");
    }

    @Test
    void aFailedInitializerIs502OnTheTriggerAnd200WithInitializationErrorOnTheInvokeApi() throws Exception {
        HttpResponse<String> trigger = p.get("/broken");
        assertEquals(502, trigger.statusCode(), trigger.body());
        assertEquals("initializer failed on purpose", json(trigger.body()).get("errorMessage").asText());
        assertTrue(trigger.headers().firstValue("x-fc-error-type").isPresent());
        HttpResponse<String> api = p.invoke("broken", Map.of(), "");
        assertEquals(200, api.statusCode(), api.body());
        assertEquals("InitializationError", api.headers().firstValue("x-fc-error-type").orElseThrow());
    }

    // --- JWT ---

    @Test
    void aValidTokenReachesTheFunctionWithItsClaims() throws Exception {
        HttpResponse<String> r = p.send("GET", "/secure", Map.of("Authorization", "Bearer " + token("probe-api", Instant.now().plusSeconds(300)),
                "x-localfaas-jwt-claims", "{\"sub\":\"root\"}"), null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode claims = json(json(r.body()).get("headers").get("x-localfaas-jwt-claims").asText());
        assertEquals("alice", claims.get("sub").asText(), "the verified claims, not the client's");
    }

    @ParameterizedTest(name = "refused token: {0}")
    @CsvSource({"missing", "expired", "notYetValid", "unsigned", "wrongAudience", "garbage", "otherSecret"})
    void everyBadTokenGetsTheSame401(String kind) throws Exception {
        Instant now = Instant.now();
        String auth = switch (kind) {
            case "missing" -> null;
            case "expired" -> "Bearer " + token("probe-api", now.minusSeconds(300));
            case "notYetValid" -> "Bearer " + Jwts.builder().subject("a").audience().add("probe-api").and()
                    .notBefore(Date.from(now.plusSeconds(300))).expiration(Date.from(now.plusSeconds(600)))
                    .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8))).compact();
            case "unsigned" -> "Bearer " + Jwts.builder().subject("a").audience().add("probe-api").and()
                    .expiration(Date.from(now.plusSeconds(300))).compact();
            case "wrongAudience" -> "Bearer " + token("other-api", now.plusSeconds(300));
            case "garbage" -> "Bearer abc.def.ghi";
            default -> "Bearer " + Jwts.builder().subject("a").audience().add("probe-api").and().expiration(Date.from(now.plusSeconds(300)))
                    .signWith(Keys.hmacShaKeyFor("some-other-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8))).compact();
        };
        HttpResponse<String> r = p.send("GET", "/secure", auth == null ? Map.of() : Map.of("Authorization", auth), null);
        JsonNode body = assertError(r, 401, "InvalidToken");
        assertEquals("the bearer token is missing or invalid", body.get("errorMessage").asText(), "the same body for every failure");
        assertEquals("Bearer error=\"invalid_token\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertError(p.send("POST", "/2016-08-15/services/probe/functions/secure/invocations",
                auth == null ? Map.of() : Map.of("Authorization", auth), ""), 401, "InvalidToken");
    }

    // --- admin API, metrics ---

    @Test
    void theAdminApiWantsItsOwnToken() throws Exception {
        assertError(p.send("GET", "/system/functions", Map.of(), null), 401, "InvalidToken");
        assertError(p.send("GET", "/system/functions", Map.of("Authorization", "Bearer " + token("probe-api",
                Instant.now().plusSeconds(300))), null), 401, "InvalidToken");
        HttpResponse<String> r = p.admin("GET", "/system/functions");
        assertEquals(200, r.statusCode(), r.body());
        boolean echo = false;
        for (JsonNode f : json(r.body()).get("functions")) {
            echo |= f.get("name").asText().equals("echo") && f.get("instances").isArray() && f.has("executing") && f.has("waiting")
                    && f.get("counters").has("served") && f.get("instancesByState").has("READY");
        }
        assertTrue(echo, r.body());
        assertTrue(json(r.body()).has("coldStartsRunning"), r.body());
        assertError(p.admin("DELETE", "/system/functions"), 405, "MethodNotAllowed");
        assertError(p.admin("GET", "/system/nothing"), 404, "NotFound");
        assertError(p.admin("POST", "/system/functions/nope/retire"), 404, "FunctionNotFound");
    }

    @Test
    void theAdminApiReloadsTheConfiguration() throws Exception {
        HttpResponse<String> r = p.admin("POST", "/system/reload");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode plan = json(r.body());
        assertEquals(0, plan.get("changed").size() + plan.get("added").size() + plan.get("removed").size(), "the same file: " + r.body());
        assertTrue(plan.get("unchanged").toString().contains("\"echo\""), r.body());
        assertError(p.admin("GET", "/system/reload"), 405, "MethodNotAllowed");
        assertEquals(200, p.invoke("echo", Map.of(), "after reload").statusCode());
    }

    @Test
    void retiringAFunctionsInstancesForcesAColdStart() throws Exception {
        assertEquals(200, p.get("/web").statusCode());
        HttpResponse<String> warm = p.get("/web");
        assertEquals("false", warm.headers().firstValue("x-localfaas-cold-start").orElseThrow());
        HttpResponse<String> retired = p.admin("POST", "/system/functions/web/retire");
        assertEquals(200, retired.statusCode(), retired.body());
        assertTrue(json(retired.body()).get("retired").asInt() >= 1);
        HttpResponse<String> after = p.get("/web");
        assertEquals(200, after.statusCode());
        assertEquals("true", after.headers().firstValue("x-localfaas-cold-start").orElseThrow());
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        assertEquals(200, p.invoke("echo", Map.of(), "m").statusCode());
        HttpResponse<String> r = p.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/plain"));
        String text = r.body();
        for (String series : new String[] {"localfaas_invocations_total{function=\"echo\",status=\"200\"}",
                "localfaas_request_duration_seconds_bucket{function=\"echo\"", "localfaas_cold_starts_total{function=\"echo\"}",
                "localfaas_init_duration_seconds_bucket{function=\"echo\"", "localfaas_inflight_requests{function=\"echo\"}",
                "localfaas_instances{function=\"echo\",state=\"ready\"}", "localfaas_async_queue_depth",
                "localfaas_waiting_requests{function=\"echo\"}", "localfaas_cold_starts_running",
                "localfaas_image_cache_requests_total{result=\"hit\"}"}) {
            assertTrue(text.contains(series), series + " in\n" + text);
        }
        assertEquals(200, p.get("/healthz").statusCode());
    }

    // --- limits and the bad-input corpus ---

    @ParameterizedTest(name = "bad path {0}")
    @ValueSource(strings = {
            "/2016-08-15/services/probe/functions/../invocations",
            "/2016-08-15/services/probe/functions/%2e%2e%2fecho/invocations",
            "/2016-08-15/services/probe/functions/ec%00ho/invocations",
            "/2016-08-15/services/probe/functions/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/invocations",
            "/2016-08-15/proxy/probe/..%2fweb/x",
            "/web/../secure",
            "/web/%2e%2e/secure"})
    void badNamesAndPathsAre400(String path) throws Exception {
        RawHttp.Answer a = RawHttp.send(p.gateway.port(), "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n",
                new byte[0]);
        assertRawError(a, 400, "InvalidArgument");
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedBeforeItIsSent() throws Exception {
        String head = "Host: localhost\r\nContent-Length: " + (ProbePlatform.SYNC_LIMIT + 1) + "\r\n";
        // Only the head is sent: the answer must come without the body.
        assertRawError(RawHttp.send(p.gateway.port(), "POST /2016-08-15/services/probe/functions/echo/invocations HTTP/1.1\r\n" + head, new byte[0]),
                400, "EntityTooLarge");
        assertRawError(RawHttp.send(p.gateway.port(), "POST /web HTTP/1.1\r\n" + head, new byte[0]), 413, "EntityTooLarge");
        String asyncHead = "Host: localhost\r\nX-Fc-Invocation-Type: Async\r\nContent-Length: " + (128 * 1024 + 1) + "\r\n";
        assertRawError(RawHttp.send(p.gateway.port(), "POST /2016-08-15/services/probe/functions/echo/invocations HTTP/1.1\r\n" + asyncHead,
                new byte[0]), 400, "EntityTooLarge");
    }

    @Test
    void chunkedBodiesAreCountedAsTheyStream() throws Exception {
        assertRawError(RawHttp.chunked(p.gateway.port(), "POST /web HTTP/1.1\r\nHost: localhost\r\n", ProbePlatform.SYNC_LIMIT + 64 * 1024),
                413, "EntityTooLarge");
        assertRawError(RawHttp.chunked(p.gateway.port(), "POST /2016-08-15/services/probe/functions/echo/invocations HTTP/1.1\r\n"
                + "Host: localhost\r\nX-Fc-Invocation-Type: Async\r\n", 256 * 1024), 400, "EntityTooLarge");
        RawHttp.Answer ok = RawHttp.chunked(p.gateway.port(), "POST /web HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", 64 * 1024);
        assertEquals(200, ok.status(), ok.body());
        assertEquals(64 * 1024, json(ok.body()).get("bodyLength").asInt());
    }

    @Test
    void oversizedHeadersAndPathsAre400() throws Exception {
        assertError(p.send("GET", "/web", Map.of("X-Big", "a".repeat(9000)), null), 400, "InvalidArgument");
        assertError(p.get("/web?q=" + "a".repeat(4200)), 400, "InvalidArgument");
    }

    @ParameterizedTest(name = "header {0}")
    @ValueSource(strings = {"X-Bad: a\rb", "X-Bad: a\nb", "X-Bad: a\u0000b"})
    void controlCharactersInHeadersAre400(String header) throws Exception {
        RawHttp.Answer a = RawHttp.send(p.gateway.port(), "GET /web HTTP/1.1\r\nHost: localhost\r\n" + header + "\r\nConnection: close\r\n", new byte[0]);
        assertEquals(400, a.status(), a.head());
    }

    @Test
    void aBodyThatStopsArrivingIsCutOff() throws Exception {
        try (Socket stalled = new Socket("127.0.0.1", p.gateway.port())) {
            stalled.getOutputStream().write(("POST /web HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n0123456789")
                    .getBytes(StandardCharsets.ISO_8859_1));
            stalled.getOutputStream().flush();
            assertEquals(200, p.get("/healthz").statusCode(), "others are served meanwhile");
            assertClosedByServer(stalled, "a body that made no progress (read timeout)");
        }
    }

    @Test
    void aSlowHeaderSenderIsCutOffAndDoesNotBlockOthers() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", p.gateway.port())) {
            slow.getOutputStream().write("GET /web HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            slow.getOutputStream().flush();
            assertEquals(200, p.get("/healthz").statusCode(), "a normal request is served meanwhile");
            assertEquals(200, p.get("/web").statusCode());
            assertClosedByServer(slow, "a request whose headers never finished (request-parse timeout)");
        }
    }

    /** Reads until the server closes the connection; fails when it is still open after 15 s. */
    private static void assertClosedByServer(Socket socket, String what) throws IOException {
        socket.setSoTimeout(15_000);
        InputStream in = socket.getInputStream();
        byte[] b = new byte[1024];
        try {
            while (in.read(b) >= 0) {
                // an answer (if any) before the close is fine
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a connection open: " + what);
        } catch (IOException e) {
            // reset by the server: closed too
        }
    }
}
