package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.localfaas.backend.Labels;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.backend.docker.DockerImages;
import io.localfaas.images.CodeHash;
import io.localfaas.images.ImageKey;
import io.localfaas.port.ImageCacheStats;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Code mode image on the real engine: the function image is built FROM the runtime with the code baked in and serves;
 * a restarted platform finds it by its labels instead of rebuilding; with room for one image, the image evicted by a
 * second function's build is removed from the engine (no instance used it).
 */
class FunctionImageIT {
    private static final String RUNTIME = io.localfaas.spec.Runtime.NODEJS18.image();

    @Test
    void builtOnceServesSurvivesARestartAndAnUnusedEvictedImageIsRemoved() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-image-mode");
        String token = UUID.randomUUID().toString();
        Path a = copyHello(dir.resolve("a"), token + "-a");
        Path b = copyHello(dir.resolve("b"), token + "-b");
        Path one = dir.resolve("one.yaml");
        Files.writeString(one, "service: img\nplatform: {host: 127.0.0.1, port: 0}\nfunctions:\n" + fn("hello", a, "/hello"));
        Path two = dir.resolve("two.yaml");
        Files.writeString(two, "service: img\nplatform: {host: 127.0.0.1, port: 0, imageCacheSize: 1}\nfunctions:\n"
                + fn("hello", a, "/hello") + fn("other", b, "/other"));
        try (DockerImages images = DockerImages.connect()) {
            String runtimeId = images.inspect(RUNTIME).orElseThrow().id();
            String tagA = new ImageKey(runtimeId, CodeHash.of(a), CodeMode.IMAGE).tag();
            String tagB = new ImageKey(runtimeId, CodeHash.of(b), CodeMode.IMAGE).tag();
            try {
                try (RunningPlatform p = new RunningPlatform(one)) {
                    assertEquals(1, p.engine.imageCache().stats().builds(), "built at deploy");
                    var r = p.get("/hello");
                    assertEquals(200, r.statusCode(), r.body());
                    assertTrue(images.inspect(tagA).orElseThrow().labels().containsKey(ImageKey.CODE_HASH), "labelled with its key");
                }
                try (RunningPlatform restarted = new RunningPlatform(one)) {
                    assertEquals(200, restarted.get("/hello").statusCode());
                    ImageCacheStats s = restarted.engine.imageCache().stats();
                    assertEquals(0, s.builds(), "the restarted platform found the image by its labels: " + s);
                    assertTrue(s.hits() >= 1, s.toString());
                }
                try (RunningPlatform small = new RunningPlatform(two)) {
                    ImageCacheStats s = small.engine.imageCache().stats();
                    assertEquals(1, s.size(), s.toString());
                    assertTrue(s.removed() >= 1, "an evicted image was removed: " + s);
                    String kept = small.engine.imageCache().cached().keySet().iterator().next().tag();
                    String evicted = kept.equals(tagA) ? tagB : tagA;
                    assertTrue(images.inspect(kept).isPresent());
                    assertTrue(images.inspect(evicted).isEmpty(), evicted + " is gone from the engine");
                }
            } finally {
                images.removeIfUnused(tagA);
                images.removeIfUnused(tagB);
            }
        }
    }

    /**
     * Launch planning from the spec of each start: a reload that adds codeMode: image functions serves them from their
     * built image (the container's image is the function image, nothing is bind-mounted at /code); two functions with
     * the same runtime and code share one image; after a code change, a new instance starts from a new image.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void functionsAddedByAReloadRunFromImagesKeyedByTheirContent() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-image-reload");
        String token = UUID.randomUUID().toString();
        Path x = copyHello(dir.resolve("x"), token);
        Path y = copyHello(dir.resolve("y"), token);
        Path config = dir.resolve("app.yaml");
        Files.writeString(config, "service: imgreload\nplatform: {host: 127.0.0.1, port: 0}\nfunctions:\n"
                + "  m:\n    runtime: nodejs18\n    codeUri: " + x + "\n    handler: index.handler\n    triggers:\n      - {path: /m, methods: [GET]}\n");
        try (DockerImages images = DockerImages.connect()) {
            String runtimeId = images.inspect(RUNTIME).orElseThrow().id();
            String shared = new ImageKey(runtimeId, CodeHash.of(x), CodeMode.IMAGE).tag();
            String changed = null;
            try (RunningPlatform p = new RunningPlatform(config)) {
                assertEquals(0, p.engine.imageCache().stats().builds(), "a mount-mode function needs no image");
                Files.writeString(config, Files.readString(config) + fn("x", x, "/x") + fn("y", y, "/y"));
                var reload = p.scheduler.reload(SpecLoader.load(config));
                assertEquals(List.of("x", "y"), reload.added());

                assertEquals(200, p.get("/x").statusCode());
                assertEquals(200, p.get("/y").statusCode());
                assertEquals(shared, container(p, "x").image(), "x runs from its built image");
                assertEquals(shared, container(p, "y").image(), "y has the same code: the same image");
                assertFalse(container(p, "x").mounts().contains("/code"), "x's code is in its image, not mounted");
                assertEquals(1, p.engine.imageCache().stats().builds(), "one build for both");

                Files.writeString(x.resolve("token.txt"), token + "-changed");
                changed = new ImageKey(runtimeId, CodeHash.of(x), CodeMode.IMAGE).tag();
                assertNotEquals(shared, changed);
                p.scheduler.retireAll("x");
                await().atMost(Duration.ofSeconds(30)).until(() -> p.ownContainers().stream()
                        .noneMatch(c -> "x".equals(c.labels().get(Labels.FUNCTION))));
                assertEquals(200, p.get("/x").statusCode());
                assertEquals(changed, container(p, "x").image(), "the changed code runs from a new image");
                assertEquals(shared, container(p, "y").image());
                assertEquals(2, p.engine.imageCache().stats().builds());
            } finally {
                images.removeIfUnused(shared);
                if (changed != null) {
                    images.removeIfUnused(changed);
                }
            }
        }
    }

    /** The image and the mount destinations of the one container of {@code function}, as the engine reports them. */
    record Container(String image, List<String> mounts) {
    }

    private static Container container(RunningPlatform p, String function) throws Exception {
        List<OwnedInstance> own = p.ownContainers().stream().filter(c -> function.equals(c.labels().get(Labels.FUNCTION))).toList();
        assertEquals(1, own.size(), function + ": " + own);
        Process inspect = new ProcessBuilder("docker", "inspect", "--format", "{{.Config.Image}}|{{range .Mounts}}{{.Destination}} {{end}}",
                own.get(0).backendId()).redirectErrorStream(true).start();
        assertTrue(inspect.waitFor(30, TimeUnit.SECONDS), "docker inspect answered");
        String[] out = new String(inspect.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim().split("\\|", -1);
        assertEquals(0, inspect.exitValue(), String.join("|", out));
        return new Container(out[0], List.of(out[1].trim().split(" ")));
    }

    private static String fn(String name, Path code, String path) {
        return "  " + name + ":\n    runtime: nodejs18\n    codeMode: image\n    codeUri: " + code + "\n    handler: index.handler\n"
                + "    triggers:\n      - {path: " + path + ", methods: [GET]}\n";
    }

    private static Path copyHello(Path target, String token) throws Exception {
        Files.createDirectories(target);
        Files.copy(Path.of("..", "sample-functions", "hello", "index.js"), target.resolve("index.js"));
        Files.writeString(target.resolve("token.txt"), token);
        return target;
    }
}
