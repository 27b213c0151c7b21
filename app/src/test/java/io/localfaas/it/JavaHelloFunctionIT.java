package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/java-hello.yaml on the real engine: the sample Java function (compiled against fc-java-core from Maven Central
 * only, sample-functions/java-hello) through the gateway into a localfaas/runtime-java17 container.
 */
class JavaHelloFunctionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("..", "sample-functions", "java-hello", "code", "java-hello.jar").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void coldThenWarmWithTheInitializerRunOnce() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the build wrote the sample's jar");
        try (RunningPlatform p = new RunningPlatform(RunningPlatform.CONFIG.resolve("java-hello.yaml"))) {
            HttpResponse<String> first = p.get("/java-hello?name=a");
            assertEquals(200, first.statusCode(), first.body());
            assertEquals("true", first.headers().firstValue("x-localfaas-cold-start").orElseThrow());
            assertTrue(first.headers().firstValue("x-localfaas-start-breakdown").orElseThrow().contains("init="));
            assertEquals("java", first.headers().firstValue("x-hello").orElseThrow(), "the function's own header");
            JsonNode one = JSON.readTree(first.body());
            assertEquals("hello a", one.get("message").asText());
            assertEquals(1, one.get("initCount").asInt(), "initializer ran once");
            assertEquals(1, one.get("invokeCount").asInt());
            assertTrue(one.get("initializedBeforeFirstInvoke").asBoolean(), "initializer ran before the first invoke");
            assertEquals(first.headers().firstValue("x-fc-request-id").orElseThrow(), one.get("requestId").asText());
            assertEquals("java-hello", one.get("function").asText());

            HttpResponse<String> second = p.http.send(HttpRequest.newBuilder(URI.create(p.gateway.baseUrl() + "/java-hello"))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString("posted")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, second.statusCode(), second.body());
            assertEquals("false", second.headers().firstValue("x-localfaas-cold-start").orElseThrow());
            JsonNode two = JSON.readTree(second.body());
            String instance = first.headers().firstValue("x-localfaas-instance").orElseThrow();
            assertEquals(instance, second.headers().firstValue("x-localfaas-instance").orElseThrow(), "same instance");
            assertEquals(instance, two.get("instanceId").asText());
            assertEquals("POST", two.get("method").asText());
            assertEquals("posted", two.get("body").asText());
            assertEquals(1, two.get("initCount").asInt(), "the initializer did not run again");
            assertEquals(2, two.get("invokeCount").asInt());
            assertEquals(1, p.ownContainers().size(), "one container served both");

            HttpResponse<String> viaFcPath = p.get("/2016-08-15/proxy/java-hello/java-hello/sub/path?name=b");
            assertEquals(200, viaFcPath.statusCode(), viaFcPath.body());
            JsonNode three = JSON.readTree(viaFcPath.body());
            assertEquals("/sub/path", three.get("path").asText(), "FC_REQUEST_PATH is below the FC prefix");
            assertFalse(three.get("name").isNull());
        }
    }

    @Test
    void aJarCodeUriIsMountedAsAFileAndServes() throws Exception {
        Path config = dir.resolve("jar.yaml");
        Files.writeString(config, String.join("\n",
                "service: jar",
                "functions:",
                "  jar-hello:",
                "    runtime: java17",
                "    codeUri: " + JAR,
                "    handler: example.HelloFC::handleRequest",
                "    memorySize: 256",
                "    triggers:",
                "      - {path: /jar, methods: [GET]}",
                ""));
        try (RunningPlatform p = new RunningPlatform(config)) {
            HttpResponse<String> r = p.get("/jar?name=file");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("hello file", body.get("message").asText());
            assertEquals(0, body.get("initCount").asInt(), "no initializer configured");
        }
    }
}
