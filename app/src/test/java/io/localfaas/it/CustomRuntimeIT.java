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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FC's custom runtime on the real engine, in the custom runtime image: an express app (express installed from npm into a
 * temporary copy) and a Flask app (Debian's python3-flask in the image), each its own web server on 0.0.0.0:9000 started
 * by customRuntimeConfig.command, serve GET and POST with query, headers and a binary body through the gateway, after
 * their initializer ran (POST /initialize); the pre-stop hook (GET /pre-stop) runs when the platform stops.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CustomRuntimeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RESOURCES = Path.of("src", "test", "resources", "custom-runtime");
    private static RunningPlatform platform;
    private static Path state;
    private static Path expressCode;
    private static Path flaskCode;

    @BeforeAll
    static void installAndStart() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-custom-runtime");
        expressCode = NpmInstall.copy(RESOURCES.resolve("express"), dir.resolve("express"));
        NpmInstall.install(expressCode, dir.resolve("npm.log"));
        flaskCode = NpmInstall.copy(RESOURCES.resolve("flask"), dir.resolve("flask"));
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
                  mounts: [{source: %s, target: /mnt/state}]
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

    /** A second platform on the same code, stopped here: each instance's pre-stop hook leaves its mark. */
    @Test
    void stoppingThePlatformCallsEachInstancesPreStopHook() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-custom-prestop");
        Path marks = dir.resolve("state");
        Path config = dir.resolve("web.yaml");
        Files.writeString(config, """
                service: web
                platform: {host: 127.0.0.1, port: 0}
                defaults: {preStop: any, timeout: 20s, mounts: [{source: %s, target: /mnt/state}]}
                functions:
                  express: {runtime: custom, codeUri: %s, customRuntimeConfig: {command: [node, index.js]}, triggers: [{path: /express}]}
                  flask: {runtime: custom, codeUri: %s, customRuntimeConfig: {command: [python3, app.py]}, triggers: [{path: /flask}]}
                """.formatted(marks, expressCode, flaskCode));
        try (RunningPlatform p = new RunningPlatform(config)) {
            for (String fn : List.of("express", "flask")) {
                HttpResponse<String> r = p.get(base(fn) + "/x");
                assertEquals(200, r.statusCode(), r.body());
            }
        }
        try (Stream<Path> files = Files.list(marks)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            for (String fn : List.of("express", "flask")) {
                assertTrue(names.stream().anyMatch(n -> n.startsWith("pre-stop-" + fn + "-")),
                        "GET /pre-stop reached the " + fn + " instance before it was removed: " + names);
            }
        }
    }

    /** A command that exits at once and a server that never listens: each a 502 naming the function, with its output. */
    @Test
    void aCommandThatExitsAndAPortThatNeverOpensAreClearStartFailures() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-custom-bad");
        Path code = Files.createDirectories(dir.resolve("code"));
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                service: bad
                platform: {host: 127.0.0.1, port: 0, startTimeout: 3s}
                functions:
                  exits:
                    runtime: custom
                    codeUri: %1$s
                    customRuntimeConfig: {command: [sh, -c, 'echo cannot find app.js >&2; exit 3']}
                    triggers: [{path: /exits}]
                  deaf:
                    runtime: custom
                    codeUri: %1$s
                    customRuntimeConfig: {command: [sh, -c, 'echo started but not listening; exec sleep 600']}
                    triggers: [{path: /deaf}]
                  nobootstrap:
                    runtime: custom
                    codeUri: %1$s
                    triggers: [{path: /nobootstrap}]
                """.formatted(code));
        try (RunningPlatform p = new RunningPlatform(config)) {
            HttpResponse<String> exits = p.get("/2016-08-15/proxy/bad/exits/");
            assertEquals(502, exits.statusCode(), exits.body());
            String m = JSON.readTree(exits.body()).get("errorMessage").asText();
            assertTrue(m.contains("custom-runtime function exits") && m.contains("exited") && m.contains("cannot find app.js"), m);

            HttpResponse<String> deaf = p.get("/2016-08-15/proxy/bad/deaf/");
            assertEquals(502, deaf.statusCode(), deaf.body());
            m = JSON.readTree(deaf.body()).get("errorMessage").asText();
            assertTrue(m.contains("custom-runtime function deaf") && m.contains("did not listen on port 9000 within 3000ms")
                    && m.contains("started but not listening"), m);

            HttpResponse<String> none = p.get("/2016-08-15/proxy/bad/nobootstrap/");
            assertEquals(502, none.statusCode(), none.body());
            m = JSON.readTree(none.body()).get("errorMessage").asText();
            assertTrue(m.contains("custom-runtime function nobootstrap has no customRuntimeConfig.command and no bootstrap"), m);
        }
    }
}
