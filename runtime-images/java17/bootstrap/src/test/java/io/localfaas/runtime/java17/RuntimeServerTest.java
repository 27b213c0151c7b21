package io.localfaas.runtime.java17;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime in-process on port 0 with the fixture functions packed in a jar, spoken to over HTTP. */
class RuntimeServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path jar;

    @BeforeAll
    static void packFunctions() throws IOException {
        jar = TestFunctions.jar(dir.resolve("code/functions.jar"));
    }

    private static RuntimeHarness runtime(String handler) throws IOException {
        return new RuntimeHarness(jar, handler, Map.of());
    }

    private static RuntimeHarness runtime(String handler, Map<String, String> env) throws IOException {
        return new RuntimeHarness(jar, handler, env);
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body());
    }

    // ---------------------------------------------------------------------------------------------- event invoke

    @Test
    void streamHandlerGetsTheEventAndContextInItsOwnClassLoader() throws Exception {
        try (RuntimeHarness rt = runtime("fixtures.Events::handleRequest")) {
            HttpResponse<byte[]> r = rt.invoke("req-1", "hello".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), text(r));
            assertEquals("HELLO|req-1|fn|function|function", text(r), "event, request id, function name, loader, context loader");
            assertEquals("application/octet-stream", r.headers().firstValue("content-type").orElseThrow());
            assertEquals(String.valueOf(r.body().length), r.headers().firstValue("content-length").orElseThrow());
        }
    }

    @Test
    void pojoHandlerReadsAndWritesJson() throws Exception {
        try (RuntimeHarness rt = runtime("fixtures.Greeter::handleRequest")) {
            HttpResponse<byte[]> r = rt.invoke("req-2", "{\"name\":\"ann\",\"tags\":[\"a\",\"b\"],\"unknown\":1}".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), text(r));
            JsonNode body = json(r);
            assertEquals("hello ann", body.get("message").asText());
            assertEquals("b", body.get("tags").get(1).asText());
            assertEquals("svc", body.get("service").asText());
        }
    }

    @Test
    void pojoHandlerWithInvalidJsonIsAFunctionError() throws Exception {
        try (RuntimeHarness rt = runtime("fixtures.Greeter::handleRequest")) {
            HttpResponse<byte[]> r = rt.invoke("req-3", "{not json".getBytes(StandardCharsets.UTF_8));
            assertEquals(500, r.statusCode());
            assertEquals("UnhandledInvocationError", r.headers().firstValue("x-fc-error-type").orElseThrow());
            assertTrue(json(r).get("errorType").asText().startsWith("com.fasterxml.jackson"), text(r));
        }
    }

    // ---------------------------------------------------------------------------------------------- HTTP invoke

    @Test
    void httpGetSeesMethodPathQueryAndHeaders() throws Exception {
        try (RuntimeHarness rt = runtime("fixtures.Http::handleRequest")) {
            HttpResponse<byte[]> r = rt.call("/http-invoke", "GET", "/2016-08-15/proxy/svc/fn/users/7?a=1&a=2&b=",
                    Map.of("x-fc-request-id", "req-4", "x-fc-base-path", "/2016-08-15/proxy/svc/fn/", "x-fc-client-ip", "10.1.2.3",
                            "X-Custom", "yes"), null);
            assertEquals(201, r.statusCode(), text(r));
            assertEquals("GET", header(r, "x-method"));
            assertEquals("/users/7", header(r, "x-path"), "FC_REQUEST_PATH is below the FC proxy prefix");
            assertEquals("/2016-08-15/proxy/svc/fn/users/7?a=1&a=2&b=", header(r, "x-uri"));
            assertEquals("/2016-08-15/proxy/svc/fn/users/7", header(r, "x-request-uri"));
            assertEquals("10.1.2.3", header(r, "x-client-ip"));
            assertEquals("a=1&a=2&b=", header(r, "x-query"));
            assertEquals("1,2", header(r, "x-param-a"));
            assertEquals("", header(r, "x-param-b"));
            assertEquals("yes", header(r, "x-custom"));
            assertEquals("false", header(r, "x-sees-fc-headers"), "x-fc-* request headers are hidden from the function");
            assertEquals("req-4", header(r, "x-request-id"));
            assertEquals(List.of("one", "two"), r.headers().allValues("x-multi"));
            assertFalse(r.headers().firstValue("x-fc-forged").isPresent(), "reserved response headers are dropped");
            assertFalse(r.headers().firstValue("x-fc-error-type").isPresent());
            assertEquals("0", r.headers().firstValue("content-length").orElseThrow());
        }
    }

    @Test
    void httpPostEchoesABinaryBodyExactly() throws Exception {
        byte[] body = new byte[4096];
        new Random(7).nextBytes(body);
        try (RuntimeHarness rt = runtime("fixtures.Http::handleRequest")) {
            HttpResponse<byte[]> r = rt.call("/http-invoke", "POST", "/upload?a=x", Map.of("content-type", "application/octet-stream"), body);
            assertEquals(201, r.statusCode());
            assertEquals("POST", header(r, "x-method"));
            assertEquals("/upload", header(r, "x-path"));
            assertEquals("x", header(r, "x-param-a"));
            assertArrayEquals(body, r.body());
            assertEquals("4096", r.headers().firstValue("content-length").orElseThrow());
            assertEquals("application/octet-stream", r.headers().firstValue("content-type").orElseThrow());
        }
    }

    @Test
    void httpReaderAndWriterUseTheCharset() throws Exception {
        try (RuntimeHarness rt = runtime("fixtures.HttpWriter::handleRequest")) {
            HttpResponse<byte[]> r = rt.call("/http-invoke", "POST", "/", Map.of("content-type", "text/plain; charset=utf-8"),
                    "grüße".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), text(r));
            assertEquals("got grüße ✓", text(r));
            assertEquals("text/plain; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        }
    }

    @Test
    void withoutControlHeaderThePathDecidesAndOtherPathsAreHttp() throws Exception {
        try (RuntimeHarness rt = runtime("fixtures.Http::handleRequest")) {
            HttpResponse<byte[]> http = rt.call(null, "PUT", "/anything", Map.of(), "x".getBytes(StandardCharsets.UTF_8));
            assertEquals(201, http.statusCode());
            assertEquals("PUT", header(http, "x-method"));
            HttpResponse<byte[]> init = rt.call(null, "POST", "/initialize", Map.of(), null);
            assertEquals(200, init.statusCode(), "no initializer configured: 200 at once");
            HttpResponse<byte[]> bad = rt.call("/nope", "POST", "/x", Map.of(), null);
            assertEquals(400, bad.statusCode());
            assertEquals("BadRequest", json(bad).get("errorType").asText());
            assertEquals("unknown x-fc-control-path: /nope", json(bad).get("errorMessage").asText());
        }
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    @Test
    void initializerRunsOnceOnTheInstanceTheHandlerUses() throws Exception {
        try (RuntimeHarness rt = runtime("fixtures.Lifecycle::handleRequest", Map.of("FC_INITIALIZER", "fixtures.Lifecycle::initialize"))) {
            assertEquals(200, rt.control("/initialize").statusCode());
            assertEquals(200, rt.control("/initialize").statusCode(), "a second call succeeds without running it again");
            HttpResponse<byte[]> r = rt.invoke("req-5", new byte[0]);
            assertEquals("inits=1,preStops=0,instances=1", text(r));
        }
    }

    @Test
    void concurrentInitializeCallsShareOneRun() throws Exception {
        try (RuntimeHarness rt = runtime("fixtures.Lifecycle::handleRequest", Map.of("FC_INITIALIZER", "fixtures.Lifecycle::initialize",
                "FC_INSTANCE_CONCURRENCY", "4"))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<HttpResponse<byte[]>>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(pool.submit(() -> rt.control("/initialize")));
                }
                for (Future<HttpResponse<byte[]>> c : calls) {
                    assertEquals(200, c.get(30, TimeUnit.SECONDS).statusCode());
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(text(rt.invoke("req-6", new byte[0])).startsWith("inits=1,"));
        }
    }

    @Test
    void failingInitializerIsAFunctionErrorAndRunsAgainWhenCalledAgain() throws Exception {
        try (RuntimeHarness rt = runtime("fixtures.Events::handleRequest", Map.of("FC_INITIALIZER", "fixtures.FailingInit::initialize"))) {
            HttpResponse<byte[]> r = rt.control("/initialize");
            assertEquals(500, r.statusCode());
            assertEquals("UnhandledInvocationError", r.headers().firstValue("x-fc-error-type").orElseThrow());
            JsonNode body = json(r);
            assertEquals("java.io.IOException", body.get("errorType").asText());
            assertEquals("cannot reach the database", body.get("errorMessage").asText());
            assertTrue(body.get("stackTrace").get(0).asText().startsWith("fixtures.FailingInit.initialize(FailingInit.java:"), text(r));
            assertEquals(500, rt.control("/initialize").statusCode(), "not remembered as done");
        }
    }

    @Test
    void preStopRunsTheHookOnTheSharedInstanceEachTime() throws Exception {
        try (RuntimeHarness rt = runtime("fixtures.Lifecycle::handleRequest", Map.of("FC_PRE_STOP_HANDLER", "fixtures.Lifecycle::preStop"))) {
            assertEquals(200, rt.control("/pre-stop").statusCode());
            assertEquals("inits=0,preStops=1,instances=1", text(rt.invoke("req-7", new byte[0])));
            assertEquals(200, rt.control("/pre-stop").statusCode());
            assertEquals("inits=0,preStops=2,instances=1", text(rt.invoke("req-8", new byte[0])));
            assertEquals(200, rt.control("/pre-freeze").statusCode(), "no pre-freeze hook: 200 at once");
        }
    }

    // ---------------------------------------------------------------------------------------------- errors

    @Test
    void handlerThrowsGivesTheExceptionClassAndTheFunctionsFrames() throws Exception {
        try (RuntimeHarness rt = runtime("fixtures.Throws::handleRequest")) {
            HttpResponse<byte[]> r = rt.invoke("req-9", new byte[0]);
            assertEquals(500, r.statusCode());
            assertEquals("UnhandledInvocationError", r.headers().firstValue("x-fc-error-type").orElseThrow());
            assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
            JsonNode body = json(r);
            assertEquals(List.of("errorMessage", "errorType", "stackTrace"), fieldNames(body));
            assertEquals("boom", body.get("errorMessage").asText());
            assertEquals("java.lang.IllegalStateException", body.get("errorType").asText());
            assertTrue(body.get("stackTrace").get(0).asText().matches("fixtures\\.Throws\\.explode\\(Throws\\.java:\\d+\\)"), text(r));
            assertTrue(body.get("stackTrace").get(1).asText().startsWith("fixtures.Throws.handleRequest(Throws.java:"));
            assertFalse(text(r).contains("io.localfaas"), "no frames of the runtime");
            assertFalse(text(r).contains("reflect"), "no reflection frames");
        }
    }

    @Test
    void loadErrorsNameWhatIsWrong() throws Exception {
        try (RuntimeHarness rt = runtime("fixtures.Missing::handleRequest")) {
            JsonNode body = json(rt.invoke("r", new byte[0]));
            assertEquals("java.lang.ClassNotFoundException", body.get("errorType").asText());
            assertTrue(body.get("errorMessage").asText().contains("fixtures.Missing"));
        }
        try (RuntimeHarness rt = runtime("fixtures.Events.handleRequest")) {
            assertEquals("InvalidHandlerName", json(rt.invoke("r", new byte[0])).get("errorType").asText());
        }
        try (RuntimeHarness rt = runtime("fixtures.Events::handleRequest")) {
            HttpResponse<byte[]> r = rt.call("/http-invoke", "GET", "/", Map.of(), null);
            assertEquals(500, r.statusCode());
            assertEquals("HandlerNotFound", json(r).get("errorType").asText());
            assertTrue(json(r).get("errorMessage").asText().contains("HttpRequestHandler"));
        }
    }

    // ---------------------------------------------------------------------------------------------- concurrency, logs

    @Test
    void nConcurrentRequestsOverlapInOneInstance() throws Exception {
        int n = 4;
        try (RuntimeHarness rt = runtime("fixtures.Concurrent::handleRequest", Map.of("FC_INSTANCE_CONCURRENCY", Integer.toString(n)))) {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<HttpResponse<byte[]>>> calls = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String id = "c-" + i;
                    calls.add(pool.submit(() -> rt.invoke(id, Integer.toString(n).getBytes(StandardCharsets.UTF_8))));
                }
                for (Future<HttpResponse<byte[]>> c : calls) {
                    assertEquals("overlapped", text(c.get(60, TimeUnit.SECONDS)), "all " + n + " calls were in the handler at once");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void loggerLinesAndMarkersCarryTheRequestId() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8);
        FcLogger.redirect(capture, new PrintStream(err, true, StandardCharsets.UTF_8));
        try (RuntimeHarness rt = runtime("fixtures.Events::handleRequest")) {
            rt.invoke("log-1", "one".getBytes(StandardCharsets.UTF_8));
            rt.invoke("log-2", "two".getBytes(StandardCharsets.UTF_8));
        } finally {
            FcLogger.redirect(System.out, System.err);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.contains("FC Invoke Start RequestId: log-1"), lines.toString());
        assertTrue(lines.contains("FC Invoke End RequestId: log-1"), lines.toString());
        String ts = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
        assertTrue(lines.stream().anyMatch(l -> l.matches(ts + " log-1 \\[INFO\\] event one")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches(ts + " log-2 \\[INFO\\] event two")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches(ts + " log-2 \\[DEBUG\\] debug line")), lines.toString());
        int start = lines.indexOf("FC Invoke Start RequestId: log-2");
        int end = lines.indexOf("FC Invoke End RequestId: log-2");
        assertTrue(start >= 0 && end > start && lines.subList(start, end).stream().anyMatch(l -> l.endsWith("log-2 [INFO] event two")));
    }

    @Test
    void failedCallsLogTheirErrorAndMarkTheEnd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        FcLogger.redirect(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        try (RuntimeHarness rt = runtime("fixtures.Throws::handleRequest")) {
            rt.invoke("err-1", new byte[0]);
        } finally {
            FcLogger.redirect(System.out, System.err);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("FC Invoke End RequestId: err-1, Error: Unhandled function error"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(" err-1 [ERROR] {\"errorMessage\":\"boom\""));
    }

    private static String header(HttpResponse<byte[]> r, String name) {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no header " + name + " in " + r.headers().map()));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
