package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.backend.ImageBuild;
import io.localfaas.backend.Labels;
import io.localfaas.backend.docker.DockerImages;
import org.junit.jupiter.api.Test;

/**
 * A custom container on the real engine: an image built here (FROM the locally built nodejs18 runtime image, for its
 * Node binary; no registry) whose server listens on FC's fixed CAPort 9000 on 0.0.0.0. Two instances of it coexist,
 * each in its own network namespace, reached by the gateway on loopback; the initializer runs on each.
 */
class CustomContainerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoInstancesListeningOnPort9000CoexistBehindLoopbackAndAreInitialized() throws Exception {
        String tag = "localfaas-it/custom-echo:" + UUID.randomUUID().toString().substring(0, 8);
        try (DockerImages images = DockerImages.connect()) {
            images.build(new ImageBuild(io.localfaas.spec.Runtime.NODEJS18.image(), Path.of("src/test/resources/custom-container"), tag,
                    Map.of(Labels.OWNER, Labels.OWNER_VALUE), Duration.ofMinutes(2)));
            try {
                Path dir = Files.createTempDirectory("localfaas-custom");
                Path config = dir.resolve("custom.yaml");
                Files.writeString(config, """
                        service: custom
                        platform: {host: 127.0.0.1, port: 0}
                        functions:
                          echo:
                            runtime: custom-container
                            image: %s
                            command: [node, /code/server.js]
                            initializer: any
                            instanceConcurrency: 1
                            maxInstances: 2
                            timeout: 20s
                            triggers:
                              - {path: /echo, methods: [GET, POST]}
                        """.formatted(tag));
                try (RunningPlatform p = new RunningPlatform(config)) {
                    CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> get(p, "/echo?hold=1500"));
                    CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> get(p, "/echo?hold=1500"));
                    HttpResponse<String> a = first.get();
                    HttpResponse<String> b = second.get();
                    assertEquals(200, a.statusCode(), a.body());
                    assertEquals(200, b.statusCode(), b.body());
                    JsonNode ja = JSON.readTree(a.body());
                    JsonNode jb = JSON.readTree(b.body());
                    for (JsonNode j : new JsonNode[] {ja, jb}) {
                        assertEquals(9000, j.get("listenPort").asInt(), "listens on the fixed CAPort");
                        assertEquals("0.0.0.0", j.get("listenHost").asText());
                        assertTrue(j.get("initialized").asBoolean(), "the initializer ran before the request");
                    }
                    assertNotEquals(ja.get("instance").asText(), jb.get("instance").asText(), "two instances, both on port 9000");
                    assertEquals(a.headers().firstValue("x-fc-request-id").orElseThrow(), ja.get("requestId").asText());
                    assertEquals(2, p.ownContainers().size());
                }
            } finally {
                images.removeIfUnused(tag);
            }
        }
    }

    private static HttpResponse<String> get(RunningPlatform p, String path) {
        try {
            return p.get(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
