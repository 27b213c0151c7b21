package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.localfaas.Scheduler;
import io.localfaas.backend.Labels;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.backend.process.ProcessBackend;
import io.localfaas.backend.docker.DockerBackend;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.SpecLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform killed with SIGKILL leaves its containers (or, on the process backend, its function processes) behind;
 * the next platform to start removes them. Alone: any
 * platform starting in a parallel fork would reap them first. (SIGTERM's drain and clean-up: DrainIT.)
 */
@Tag("alone")
@Timeout(180)
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

    /** The same on the process backend: the killed platform's function process outlives it; the next start ends it. */
    @Test
    void processesOfAKilledPlatformOnTheProcessBackendAreEndedAtTheNextStart(@TempDir Path dir) throws Exception {
        Path code = Path.of("..", "sample-functions", "hello").toAbsolutePath().normalize();
        Path config = Files.writeString(dir.resolve("hello.yaml"), Files.readString(RunningPlatform.CONFIG.resolve("hello.yaml"))
                .replace("codeUri: ../sample-functions/hello", "codeUri: " + code));
        Path runtimes = Path.of("..", "runtime-images").toAbsolutePath().normalize();
        Path state = ProcessBackend.defaultStateDir();
        String owner;
        try (ChildPlatform child = new ChildPlatform(Map.of(), "up", config.toString(), "--port", "0", "--backend", "process")) {
            String url = child.awaitListening();
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/hello")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            owner = child.platformId();
            child.process.destroyForcibly();
            assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), "killed platform exited");
        }
        ProcessHandle orphan;
        try (ProcessBackend inspector = new ProcessBackend(runtimes, state)) {
            List<OwnedInstance> left = inspector.listOwned().stream().filter(o -> owner.equals(o.labels().get(Labels.PLATFORM))).toList();
            assertEquals(1, left.size(), "the killed platform left its instance's record behind: " + left);
            Properties record = new Properties();
            try (var in = Files.newInputStream(state.resolve(left.get(0).backendId() + ".properties"))) {
                record.load(in);
            }
            orphan = ProcessHandle.of(Long.parseLong(record.getProperty("pid"))).orElseThrow(() -> new AssertionError("no process " + record));
            assertTrue(orphan.isAlive(), "the function's process outlived its platform");
        }
        AppSpec app = SpecLoader.load(config);
        try (Scheduler next = new Scheduler(app, new ProcessBackend(runtimes, state), Clock.systemUTC())) {
            next.start(); // reaps orphans before serving
            await().atMost(Duration.ofSeconds(30)).until(() -> !orphan.isAlive());
            try (ProcessBackend inspector = new ProcessBackend(runtimes, state)) {
                assertEquals(List.of(), inspector.listOwned().stream().filter(o -> owner.equals(o.labels().get(Labels.PLATFORM))).toList());
            }
        }
    }
}
