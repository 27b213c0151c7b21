package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.backend.docker.DockerImages;
import io.localfaas.spec.Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A custom container whose image the engine does not have is built from the Dockerfile beside its code when the
 * platform starts (FROM the local nodejs18 runtime image: no registry here), then serves; without a Dockerfile, the
 * request's error says {@code docker build -t IMAGE DIR} or {@code docker pull IMAGE}.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DockerfileContainerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMissingImageIsBuiltFromTheProjectsDockerfileAndServes() throws Exception {
        String tag = "localfaas-it/from-dockerfile:" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createTempDirectory("localfaas-dockerfile");
        Path code = Files.createDirectories(dir.resolve("code"));
        Files.copy(Path.of("src/test/resources/custom-container/server.js"), code.resolve("server.js"));
        Files.writeString(code.resolve("Dockerfile"), """
                FROM %s
                COPY server.js /srv/server.js
                CMD ["node", "/srv/server.js"]
                """.formatted(Runtime.NODEJS18.image()));
        Path config = dir.resolve("app.yaml");
        Files.writeString(config, """
                service: built
                platform: {host: 127.0.0.1, port: 0}
                functions:
                  app:
                    runtime: custom-container
                    image: %s
                    codeUri: ./code
                    timeout: 20s
                    triggers: [{path: /app}]
                  missing:
                    runtime: custom-container
                    image: localfaas-it/nowhere:%s
                    triggers: [{path: /missing}]
                """.formatted(tag, UUID.randomUUID().toString().substring(0, 8)));
        try (DockerImages images = DockerImages.connect()) {
            try (RunningPlatform p = new RunningPlatform(config)) {
                assertTrue(images.inspect(tag).isPresent(), "built at start");
                HttpResponse<String> r = p.get("/2016-08-15/proxy/built/app/hello?x=1");
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("/2016-08-15/proxy/built/app/hello?x=1", JSON.readTree(r.body()).get("url").asText());

                HttpResponse<String> missing = p.get("/2016-08-15/proxy/built/missing/");
                assertEquals(502, missing.statusCode(), missing.body());
                String m = JSON.readTree(missing.body()).get("errorMessage").asText();
                assertTrue(m.contains("`docker build -t localfaas-it/nowhere:") && m.contains("`docker pull localfaas-it/nowhere:")
                        && !m.contains("scripts/setup"), m);
            } finally {
                images.removeIfUnused(tag);
            }
        }
    }
}
