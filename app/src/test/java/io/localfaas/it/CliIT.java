package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.localfaas.backend.Labels;
import io.localfaas.backend.process.ProcessBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code faas up}: one clear line, a non-zero exit, no stack trace. */
class CliIT {
    private static void assertNoStackTrace(List<String> lines) {
        assertFalse(lines.stream().anyMatch(l -> l.contains("Exception") || l.trim().startsWith("at ")), "no stack trace: " + lines);
    }

    @Test
    void missingConfigFileIsOneLineAndExit2() throws Exception {
        try (ChildPlatform child = new ChildPlatform(Map.of(), "up", "/nonexistent/app.yaml", "--port", "0")) {
            assertEquals(2, child.awaitExit());
            assertEquals(List.of("/nonexistent/app.yaml: no such file"), child.err());
            assertNoStackTrace(child.out());
        }
    }

    @TempDir
    Path dir;

    @Test
    void unreachableEngineSaysHowToStartOneAndExit3() throws Exception {
        Path code = RunningPlatform.CONFIG.resolve("../sample-functions/hello").toAbsolutePath().normalize();
        String config = Files.writeString(dir.resolve("docker-only.yaml"), "service: hello\nplatform: {backend: docker}\nfunctions:\n"
                + "  hello: {runtime: nodejs18, codeUri: '" + code + "', handler: index.handler}\n").toString();
        try (ChildPlatform child = new ChildPlatform(Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"), "up", config, "--port", "0")) {
            assertEquals(3, child.awaitExit());
            List<String> errors = child.err().stream().filter(l -> l.startsWith("faas: error:")).toList();
            assertEquals(1, errors.size(), child.err().toString());
            assertTrue(errors.get(0).contains("did not answer") && errors.get(0).contains("dockerd"), errors.get(0));
            assertNoStackTrace(child.err());
        }
    }

    @Test
    void autoWithoutAnEngineRunsFunctionsAsProcessesWithALoudWarning() throws Exception {
        String config = RunningPlatform.CONFIG.resolve("hello.yaml").toString();
        try (ChildPlatform child = new ChildPlatform(Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"), "up", config, "--port", "0")) {
            String base = child.awaitListening();
            assertTrue(child.err().stream().anyMatch(l -> l.contains("WARNING") && l.contains("ISOLATION IS OFF")), child.err().toString());
            assertTrue(child.out().get(0).contains("backend process"), child.out().toString());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/hello")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"initCount\":1"), r.body());
            String platform = child.platformId();
            child.process.destroy();
            assertEquals(143, child.awaitExit());
            try (ProcessBackend processes = new ProcessBackend(RunningPlatform.CONFIG.resolve("../runtime-images"), ProcessBackend.defaultStateDir())) {
                assertTrue(processes.listOwned().stream().noneMatch(o -> platform.equals(o.labels().get(Labels.PLATFORM))),
                        "SIGTERM removed the function processes");
            }
        }
    }

    /** What the faas script asks before it sets up Docker: auto is process without an engine, docker with one. */
    @Test
    void theBackendOfAutoIsProcessWithoutAnEngineAndDockerWithOne() throws Exception {
        String config = RunningPlatform.CONFIG.resolve("hello.yaml").toString();
        try (ChildPlatform child = new ChildPlatform(Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"), "backend", config)) {
            assertEquals(0, child.awaitExit(), child.err().toString());
            assertEquals(List.of("process"), child.out());
        }
        try (ChildPlatform child = new ChildPlatform(Map.of(), "backend", config)) {
            assertEquals(0, child.awaitExit(), child.err().toString());
            assertEquals(List.of("docker"), child.out());
        }
    }
}
