package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.Invocation;
import io.localfaas.failure.PlatformException;
import io.localfaas.protocol.InvokeRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * What every runtime must do, on the real engine and its real runtime image, through the real gateway and scheduler.
 * A runtime joins by shipping a fixture (one handler per role, see {@code src/test/resources/conformance/nodejs18/})
 * and one subclass naming its runtime id, code and handler strings. One platform serves all tests of a class.
 *
 * <p>Event invocations go through {@link io.localfaas.Scheduler#invoke} (the event invoke API belongs to the
 * gateway); HTTP ones through the gateway's HTTP triggers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RuntimeConformance {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int CONCURRENCY = 4;

    private RunningPlatform platform;

    /** The runtime id as written in YAML ({@code nodejs18}, {@code java17}). */
    abstract String runtime();

    /** The fixture's code (a directory, or a jar for java17). */
    abstract Path code();

    /** The handler string of a role: event, http, initOk, initFails, initHangs, throws, exits, concurrent, logs, preStop. */
    abstract String handler(String role);

    @BeforeAll
    void startPlatform() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-conformance-" + runtime());
        String common = "    runtime: " + runtime() + "\n    codeUri: " + code().toAbsolutePath() + "\n    timeout: 30s\n    maxInstances: 2\n";
        String yaml = "service: conformance\nplatform: {host: 127.0.0.1, port: 0, startTimeout: 60s}\nfunctions:\n"
                + fn("event", common, "event", "    initializer: " + handler("initOk") + "\n")
                + fn("http", common, "http", trigger("/http"))
                + fn("initfails", common, "http", "    initializer: " + handler("initFails") + "\n" + trigger("/initfails"))
                + fn("inithangs", common, "http", "    initializer: " + handler("initHangs") + "\n    initializationTimeout: 1s\n"
                        + trigger("/inithangs"))
                + fn("throws", common, "throws", trigger("/throws"))
                + fn("exits", common, "exits", trigger("/exits"))
                + fn("concurrent", common.replace("maxInstances: 2", "maxInstances: 1"), "concurrent",
                        "    instanceConcurrency: " + CONCURRENCY + "\n")
                + fn("logs", common, "logs", "")
                + fn("prestop", common, "event", "    preStop: " + handler("preStop") + "\n");
        Path config = dir.resolve("conformance.yaml");
        Files.writeString(config, yaml);
        platform = new RunningPlatform(config);
    }

    private String fn(String name, String common, String role, String extra) {
        return "  " + name + ":\n" + common + "    handler: " + handler(role) + "\n" + extra;
    }

    private static String trigger(String path) {
        return "    triggers:\n      - {path: " + path + ", methods: [GET, POST]}\n";
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    private Invocation event(String function, byte[] body) {
        return platform.scheduler.invoke(function, InvokeRequest.event(UUID.randomUUID().toString(), body));
    }

    private HttpResponse<byte[]> http(String method, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(platform.gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return platform.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(byte[] body) throws Exception {
        return JSON.readTree(body);
    }

    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    /** A function error as FC reports it: the JSON keys, and nothing of the platform's own stack. */
    private static void assertFcError(byte[] body, String errorType, String messagePart) throws Exception {
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode e = json(body);
        assertTrue(e.has("errorMessage") && e.get("errorMessage").asText().contains(messagePart), text);
        if (errorType != null) {
            assertEquals(errorType, e.get("errorType").asText(), text);
        }
        assertFalse(text.contains("io.localfaas") || text.contains("/var/fc/runtime"), "no platform or runtime frames: " + text);
    }

    /**
     * PROTOCOL.md §1a: only the platform can call an instance. A call straight to the instance's port (as another
     * function or local user could make it) without the instance key, with a wrong one, or with forged claims, is refused
     * with 403 on every control path; the platform's own calls go on working.
     */
    @Test
    void anInstanceRefusesEveryCallWithoutItsKey() throws Exception {
        HttpResponse<byte[]> first = http("GET", "/http?a=1", null);
        assertEquals(200, first.statusCode(), new String(first.body(), StandardCharsets.UTF_8));
        String instanceId = first.headers().firstValue("x-localfaas-instance").orElseThrow();
        io.localfaas.backend.RunningInstance instance = platform.scheduler.pool("http").orElseThrow().running(instanceId).orElseThrow();
        assertFalse(instance.key().isEmpty(), "the platform holds a key for the instance");
        for (String key : new String[] {null, "", "0".repeat(instance.key().length()), instance.key().substring(1),
                instance.key() + "0"}) {
            for (String control : List.of("/http-invoke", "/invoke", "/initialize", "/pre-stop")) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + instance.host() + ":" + instance.port() + "/http"))
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .header("x-fc-control-path", control).header("x-localfaas-jwt-claims", "{\"sub\":\"rule\",\"scope\":\"sync\"}");
                if (key != null && !key.isEmpty()) {
                    b.header(io.localfaas.protocol.InstanceKey.HEADER, key);
                }
                HttpResponse<String> r = platform.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, r.statusCode(), () -> control + " with key '" + key + "': " + r.body());
            }
        }
        // A client cannot smuggle a key through the gateway either: its copy is dropped, the platform's is sent.
        HttpResponse<byte[]> after = http("GET", "/http?a=1", null, io.localfaas.protocol.InstanceKey.HEADER, "forged");
        assertEquals(200, after.statusCode(), new String(after.body(), StandardCharsets.UTF_8));
    }

    @Test
    void eventInvokeGetsTheRawEventAfterTheInitializer() throws Exception {
        Invocation inv = event("event", allBytes());
        assertFalse(inv.response().isFunctionError(), new String(inv.response().body(), StandardCharsets.UTF_8));
        JsonNode r = json(inv.response().body());
        assertArrayEquals(allBytes(), Base64.getDecoder().decode(r.get("event").asText()), "the event reaches the code byte for byte");
        assertTrue(r.get("initialized").asBoolean(), "the initializer ran before the invocation");
        assertEquals("event", r.get("functionName").asText());
        assertFalse(r.get("requestId").asText().isEmpty());
    }

    @Test
    void httpGetPassesQueryAndHeadersAndReturnsStatusAndHeaders() throws Exception {
        HttpResponse<byte[]> r = http("GET", "/http?a=1&a=2&b=x", null, "x-conformance-in", "v1");
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("yes", r.headers().firstValue("x-conformance").orElseThrow());
        JsonNode body = json(r.body());
        assertEquals("GET", body.get("method").asText());
        assertEquals("x", body.get("queries").get("b").asText());
        assertEquals(List.of("1", "2"), List.of(body.get("queries").get("a").get(0).asText(), body.get("queries").get("a").get(1).asText()));
        assertEquals("v1", body.get("header").asText());
        assertEquals(r.headers().firstValue("x-fc-request-id").orElseThrow(), body.get("requestId").asText());
    }

    @Test
    void httpPostCarriesABinaryBody() throws Exception {
        HttpResponse<byte[]> r = http("POST", "/http", allBytes(), "content-type", "application/octet-stream");
        assertEquals(201, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        JsonNode body = json(r.body());
        assertEquals("POST", body.get("method").asText());
        assertArrayEquals(allBytes(), Base64.getDecoder().decode(body.get("body").asText()));
    }

    @Test
    void aFailingInitializerIsAFunctionErrorAndTheInstanceNeverServes() throws Exception {
        HttpResponse<byte[]> r = http("GET", "/initfails", null);
        assertEquals(502, r.statusCode());
        assertTrue(r.headers().firstValue("x-fc-error-type").isPresent(), "x-fc-error-type is set");
        assertFcError(r.body(), null, "initializer failed on purpose");
        assertTrue(platform.ownContainers().stream().noneMatch(c -> "initfails".equals(c.labels().get("io.localfaas.function"))),
                "the instance whose initializer failed was discarded");
    }

    @Test
    void anInitializerPastItsTimeoutIsA504() throws Exception {
        HttpResponse<byte[]> r = http("GET", "/inithangs", null);
        assertEquals(504, r.statusCode());
        JsonNode e = json(r.body());
        assertTrue(e.get("errorMessage").asText().contains("initializationTimeout"), e.toString());
        assertEquals(r.headers().firstValue("x-fc-request-id").orElseThrow(), e.get("requestId").asText());
    }

    @Test
    void aThrowingHandlerIsAnUnhandledErrorWithTheFunctionsOwnStack() throws Exception {
        Invocation inv = event("throws", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("UnhandledInvocationError", inv.response().errorType().orElseThrow());
        assertFcError(inv.response().body(), errorTypeOfThrow(), "thrown on purpose");
        assertTrue(json(inv.response().body()).get("stackTrace").isArray(), "stackTrace is a list of lines");

        HttpResponse<byte[]> r = http("GET", "/throws", null);
        assertEquals(502, r.statusCode());
        assertEquals("UnhandledInvocationError", r.headers().firstValue("x-fc-error-type").orElseThrow());
        assertFcError(r.body(), errorTypeOfThrow(), "thrown on purpose");
    }

    /** The errorType of the fixture's throw (nodejs18: the error's own name). */
    String errorTypeOfThrow() {
        return "TypeError";
    }

    @Test
    void aProcessThatExitsMidRequestIsReportedAndReplaced() throws Exception {
        HttpResponse<byte[]> r = http("GET", "/exits", null);
        assertEquals(502, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("UnhandledInvocationError", r.headers().firstValue("x-fc-error-type").orElseThrow());
        assertFcError(r.body(), null, "Process exited unexpectedly before completing request");

        Executable again = () -> event("exits", new byte[0]);
        PlatformException e = org.junit.jupiter.api.Assertions.assertThrows(PlatformException.class, again,
                "a new instance is started and dies the same way");
        assertEquals(PlatformException.Kind.INSTANCE_CRASHED, e.kind());
    }

    @Test
    void oneInstanceServesInstanceConcurrencyRequestsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<Invocation>> calls = new ArrayList<>();
            for (int i = 0; i < CONCURRENCY; i++) {
                calls.add(pool.submit(() -> event("concurrent", new byte[0])));
            }
            Set<String> instances = new HashSet<>();
            for (Future<Invocation> f : calls) {
                Invocation inv = f.get(90, TimeUnit.SECONDS);
                JsonNode r = json(inv.response().body());
                assertEquals(CONCURRENCY, r.get("maxInflight").asInt(), "all " + CONCURRENCY + " requests were in flight together");
                instances.add(inv.instanceId());
            }
            assertEquals(1, instances.size(), "one instance served them all");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void consoleOutputIsCapturedWithTheRequestId() {
        String token = UUID.randomUUID().toString();
        String requestId = UUID.randomUUID().toString();
        Invocation inv = platform.scheduler.invoke("logs", InvokeRequest.event(requestId, token.getBytes(StandardCharsets.UTF_8)));
        assertFalse(inv.response().isFunctionError());
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String tail = platform.logs.tail("logs", requestId, 4096);
            assertTrue(tail.contains("conformance console line " + token), tail);
            assertTrue(tail.contains("conformance second line " + token), tail);
        });
    }

    @Test
    void preStopRunsWhenAnInstanceIsRetired() throws Exception {
        assertFalse(event("prestop", new byte[0]).response().isFunctionError());
        platform.scheduler.pool("prestop").orElseThrow().close(Duration.ofSeconds(10));
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertTrue(
                platform.logs.recent("prestop", 200).stream().anyMatch(l -> l.text().contains("conformance pre-stop ran")),
                "the pre-stop hook's output was captured"));
    }
}
