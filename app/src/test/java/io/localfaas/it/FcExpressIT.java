package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An unmodified express 4 app wrapped with {@code @webserverless/fc-express} (sample-functions/express-app), its packages
 * installed from npm into a temporary copy at set-up, serves GET and POST through the gateway on the real engine.
 */
class FcExpressIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(4);
    private static final String BASE = "/2016-08-15/proxy/express/app";
    private static RunningPlatform platform;

    @BeforeAll
    static void installAndStart() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-express");
        Path code = dir.resolve("express-app");
        Files.createDirectories(code);
        try (Stream<Path> files = Files.list(Path.of("..", "sample-functions", "express-app"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, code.resolve(f.getFileName()));
            }
        }
        npmInstall(code, dir.resolve("npm.log"));
        Path config = dir.resolve("express.yaml");
        Files.writeString(config, """
                service: express
                platform: {host: 127.0.0.1, port: 0}
                functions:
                  app:
                    runtime: nodejs18
                    codeUri: %s
                    handler: index.handler
                    timeout: 20s
                    triggers:
                      - {path: /app, methods: [GET, POST]}
                """.formatted(code));
        platform = new RunningPlatform(config);
    }

    /** Installs the fc-express wrapper and express 4 from npm into {@code code} (bounded; the log in {@code log}). */
    static void npmInstall(Path code, Path log) throws IOException, InterruptedException {
        Process npm = new ProcessBuilder(List.of("npm", "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error",
                "@webserverless/fc-express", "express@4"))
                .directory(code.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!npm.waitFor(NPM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm install did not finish within " + NPM_TIMEOUT + "; see " + log);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm install failed (exit " + npm.exitValue() + "):\n" + Files.readString(log));
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void getReachesTheExpressRouteWithItsQuery() throws Exception {
        HttpResponse<String> r = platform.get(BASE + "/hello?name=fc");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("hello fc", body.get("message").asText());
        assertEquals("/hello", body.get("path").asText());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void postCarriesAJsonBodyToExpress() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(platform.gateway.baseUrl() + BASE + "/echo"))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"todo\":\"write tests\",\"done\":false}", StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> r = platform.http.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("write tests", body.get("received").get("todo").asText());
        assertEquals(false, body.get("received").get("done").asBoolean());
    }

    @Test
    void anUnknownRouteIsExpresssOwn404() throws Exception {
        HttpResponse<String> r = platform.get(BASE + "/nope");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("no route GET /nope"), r.body());
    }
}
