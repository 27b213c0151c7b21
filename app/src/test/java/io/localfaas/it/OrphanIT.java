package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.localfaas.backend.Labels;
import io.localfaas.backend.docker.DockerBackend;
import org.junit.jupiter.api.Test;

/** A platform killed with SIGKILL leaves its containers behind; the next platform to start removes them. */
class OrphanIT {
    @Test
    void containersOfAKilledPlatformAreRemovedAtTheNextStart() throws Exception {
        String config = RunningPlatform.CONFIG.resolve("hello.yaml").toString();
        String orphanOwner;
        try (ChildPlatform child = new ChildPlatform(Map.of(), "up", config, "--port", "0")) {
            String url = child.awaitListening();
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/hello")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            orphanOwner = child.platformId();
            child.process.destroyForcibly();
            assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), "killed platform exited");
        }
        try (DockerBackend inspector = DockerBackend.connect()) {
            String owner = orphanOwner;
            assertEquals(1, inspector.listOwned().stream().filter(o -> owner.equals(o.labels().get(Labels.PLATFORM))).count(),
                    "the killed platform really left its container behind");
        }
        try (RunningPlatform next = new RunningPlatform(RunningPlatform.CONFIG.resolve("hello.yaml"))) {
            // The constructor started the platform, which reaps orphans before serving.
            assertEquals(0, next.containersOf(orphanOwner).size(), "orphans of " + orphanOwner + " were removed");
        }
    }

    @Test
    void sigtermDrainsAndRemovesTheContainers() throws Exception {
        String config = RunningPlatform.CONFIG.resolve("hello.yaml").toString();
        try (ChildPlatform child = new ChildPlatform(Map.of(), "up", config, "--port", "0");
             RunningPlatform observer = new RunningPlatform(RunningPlatform.CONFIG.resolve("hello.yaml"))) {
            String url = child.awaitListening();
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/hello")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(1, observer.containersOf(child.platformId()).size());
            String owner = child.platformId();
            child.process.destroy(); // SIGTERM
            assertEquals(143, child.awaitExit(), "exit status after SIGTERM (128 + 15)");
            await().atMost(Duration.ofSeconds(30)).until(() -> observer.containersOf(owner).isEmpty());
            assertTrue(child.err().stream().anyMatch(l -> l.contains("stopped")), "said it stopped: " + child.err());
        }
    }
}
