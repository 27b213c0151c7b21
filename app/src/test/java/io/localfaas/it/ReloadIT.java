package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.backend.Labels;
import io.localfaas.backend.docker.DockerBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faas up --watch} on the real engine: an edit reaches only the function it changed (new instance), the
 * unchanged one keeps its warm instance; an invalid edit is refused and the running configuration keeps serving; a
 * removed function disappears.
 */
class ReloadIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("..", "sample-functions").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String config(String greeting, String echoMemory, boolean withEcho) {
        String yaml = "service: live\ndefaults:\n  runtime: nodejs18\n  handler: index.handler\n  timeout: 10s\nfunctions:\n"
                + "  hello:\n    codeUri: " + SAMPLES.resolve("hello") + "\n    triggers: [{path: /live/hello, methods: [GET]}]\n";
        if (withEcho) {
            yaml += "  echo:\n    codeUri: " + SAMPLES.resolve("echo") + "\n    memorySize: " + echoMemory + "\n"
                    + "    environment: {GREETING: '" + greeting + "'}\n    triggers: [{path: /live/echo, methods: [GET]}]\n";
        }
        return yaml;
    }

    @Test
    void editsApplyWithoutARestartAndInvalidEditsAreRefused() throws Exception {
        Path file = dir.resolve("live.yaml");
        Files.writeString(file, config("one", "128", true));
        try (ChildPlatform child = new ChildPlatform(Map.of(), "up", file.toString(), "--port", "0", "--watch");
             DockerBackend inspector = DockerBackend.connect()) {
            String base = child.awaitListening();
            HttpResponse<String> hello = get(base, "/live/hello");
            HttpResponse<String> echo = get(base, "/live/echo");
            assertEquals("one", JSON.readTree(echo.body()).get("greeting").asText());
            String helloInstance = instance(hello);
            String echoInstance = instance(echo);

            Files.writeString(file, config("two", "128", true));
            await().atMost(Duration.ofSeconds(30)).until(() -> child.err().stream().anyMatch(l -> l.startsWith("faas: reloaded")));
            assertEquals(1, child.err().stream().filter(l -> l.startsWith("faas: reloaded") && l.contains("changed [echo]") && l.contains("unchanged [hello]")).count(),
                    child.err().toString());
            HttpResponse<String> echo2 = get(base, "/live/echo");
            assertEquals("two", JSON.readTree(echo2.body()).get("greeting").asText());
            assertNotEquals(echoInstance, instance(echo2), "the changed function runs on a new instance");
            HttpResponse<String> hello2 = get(base, "/live/hello");
            assertEquals(helloInstance, instance(hello2), "the unchanged function keeps its warm instance");
            assertEquals("false", hello2.headers().firstValue("x-localfaas-cold-start").orElseThrow());

            Files.writeString(file, config("three", "100", true));
            await().atMost(Duration.ofSeconds(30)).until(() -> child.err().stream().anyMatch(l -> l.startsWith("faas: reload refused")));
            assertEquals(1, child.err().stream().filter(l -> l.endsWith("functions.echo.memorySize = 100: must be 128-32768 MB in steps of 64"))
                    .count(), child.err().toString());
            HttpResponse<String> echo3 = get(base, "/live/echo");
            assertEquals("two", JSON.readTree(echo3.body()).get("greeting").asText(), "the previous configuration keeps serving");
            assertEquals(instance(echo2), instance(echo3));

            Files.writeString(file, config("two", "128", false));
            await().atMost(Duration.ofSeconds(30)).until(() -> get(base, "/live/echo").statusCode() == 404);
            String platform = child.platformId();
            await().atMost(Duration.ofSeconds(30)).until(() -> inspector.listOwned().stream()
                    .filter(o -> platform.equals(o.labels().get(Labels.PLATFORM))).count() == 1);
            assertEquals(helloInstance, instance(get(base, "/live/hello")));

            child.process.destroy();
            assertEquals(143, child.awaitExit());
            assertEquals(0, inspector.listOwned().stream().filter(o -> platform.equals(o.labels().get(Labels.PLATFORM))).count());
        }
    }

    private HttpResponse<String> get(String base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String instance(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return r.headers().firstValue("x-localfaas-instance").orElseThrow();
    }
}
