package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FC's custom runtime on the real engine, in the custom runtime image: an express app (express installed from npm into a
 * temporary copy) and a Flask app (Debian's python3-flask in the image), each its own web server on 0.0.0.0:9000 started
 * by customRuntimeConfig.command, serve GET and POST with query, headers and a binary body through the gateway, after
 * their initializer ran (POST /initialize); the pre-stop hook (GET /pre-stop) runs when the platform stops. Start failures:
 * {@link CustomRuntimeStartFailuresIT}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomRuntimeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RESOURCES = Path.of("src", "test", "resources", "custom-runtime");
    private static RunningPlatform platform;
    private static Path state;

    @BeforeAll
    static void installAndStart() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-custom-runtime");
        Path expressCode = NpmInstall.copy(RESOURCES.resolve("express"), dir.resolve("express"));
        NpmInstall.install(expressCode, dir.resolve("npm.log"));
        Path flaskCode = NpmInstall.copy(RESOURCES.resolve("flask"), dir.resolve("flask"));
        state = dir.resolve("state"); // created by the platform, writable by the instances
        Path config = dir.resolve("web.yaml");
        Files.writeString(config, """
                service: web
                platform: {host: 127.0.0.1, port: 0}
                defaults:
                  initializer: any
                  preStop: any
                  instanceConcurrency: 4
                  timeout: 20s
                  initializationTimeout: 10s
                  mounts: [{source: %s, target: /mnt/state, readOnly: false}]
                functions:
                  express:
                    runtime: custom.debian10
                    codeUri: %s
                    customRuntimeConfig: {command: [node], args: [index.js], port: 9000}
                    triggers: [{path: /express, methods: [GET, POST]}]
                  flask:
                    runtime: custom
                    codeUri: %s
                    customRuntimeConfig: {command: [python3, app.py]}
                    triggers: [{path: /flask, methods: [GET, POST]}]
                """.formatted(state, expressCode, flaskCode));
        platform = new RunningPlatform(config);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static String base(String fn) {
        return "/2016-08-15/proxy/web/" + fn;
    }

    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void getCarriesPathQueryAndHeadersAndSeesFcsHeadersAfterTheInitializer(String fn) throws Exception {
        HttpResponse<String> r = platform.http.send(HttpRequest.newBuilder(URI.create(platform.gateway.baseUrl() + base(fn)
                        + "/items/7?color=red&size=L"))
                .timeout(Duration.ofSeconds(60))
                .header("x-custom", "custom value")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals(fn, j.get("runtime").asText());
        assertEquals("GET", j.get("method").asText());
        assertEquals(base(fn) + "/items/7?color=red&size=L", j.get("url").asText(), "FC passes the path and query unchanged");
        assertEquals("red", j.get("query").get("color").asText());
        assertEquals("L", j.get("query").get("size").asText());
        assertEquals("custom value", j.get("custom").asText());
        assertEquals(r.headers().firstValue("x-fc-request-id").orElseThrow(), j.get("requestId").asText());
        assertEquals(fn, j.get("functionName").asText());
        assertEquals("/http-invoke", j.get("controlPath").asText());
        assertEquals(fn, j.get("envFunctionName").asText(), "FC's environment");
        assertTrue(j.get("initialized").asInt() >= 1, "POST /initialize ran before the first request");
        assertEquals("GET", r.headers().firstValue("x-echo-method").orElseThrow(), "the server's own headers come back");
    }

    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void postCarriesABinaryBodyUnchanged(String fn) throws Exception {
        byte[] body = new byte[70_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + 7);
        }
        HttpResponse<String> r = platform.http.send(HttpRequest.newBuilder(URI.create(platform.gateway.baseUrl() + base(fn) + "/upload?n=1"))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals("POST", j.get("method").asText());
        assertEquals("application/octet-stream", j.get("contentType").asText());
        assertArrayEquals(body, Base64.getDecoder().decode(j.get("body").asText()));
    }

    @Test
    void postOfTextReachesFlaskAndExpressAlike() throws Exception {
        for (String fn : List.of("express", "flask")) {
            HttpResponse<String> r = platform.http.send(HttpRequest.newBuilder(URI.create(platform.gateway.baseUrl() + base(fn) + "/note"))
                    .timeout(Duration.ofSeconds(60))
                    .header("content-type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString("grüße", StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
            assertEquals("grüße", new String(Base64.getDecoder().decode(JSON.readTree(r.body()).get("body").asText()), StandardCharsets.UTF_8));
        }
    }

    /** instanceConcurrency (4) requests at once run on one instance of the function's own server. */
    @Test
    void instanceConcurrencyRequestsRunAtOnceOnOneInstance() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return platform.get(base("express") + "/hold?hold=2000");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .toList();
        Set<String> instances = new HashSet<>();
        int most = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.get(120, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode j = JSON.readTree(r.body());
            instances.add(j.get("instance").asText());
            most = Math.max(most, j.get("mostInFlight").asInt());
        }
        assertEquals(1, instances.size(), "one instance holds up to instanceConcurrency requests: " + instances);
        assertTrue(most >= 2, "the requests overlapped on that instance: at most " + most + " at once");
    }

    /**
     * Runs last: stops the platform (a second one in this JVM would share its platform id, and each removes instances it
     * does not know), and each instance's pre-stop hook (GET /pre-stop) has left its mark in the writable mount.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void stoppingThePlatformCallsEachInstancesPreStopHook() throws Exception {
        for (String fn : List.of("express", "flask")) {
            HttpResponse<String> r = platform.get(base(fn) + "/x");
            assertEquals(200, r.statusCode(), r.body());
        }
        platform.close();
        platform = null;
        try (Stream<Path> files = Files.list(state)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            for (String fn : List.of("express", "flask")) {
                assertTrue(names.stream().anyMatch(n -> n.startsWith("pre-stop-" + fn + "-")),
                        "GET /pre-stop reached the " + fn + " instance before it was removed: " + names);
            }
        }
    }
}
