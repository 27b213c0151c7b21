package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.localfaas.backend.docker.DockerImages;
import io.localfaas.images.CodeHash;
import io.localfaas.images.ImageCacheStats;
import io.localfaas.images.ImageKey;
import io.localfaas.spec.CodeMode;
import org.junit.jupiter.api.Test;

/**
 * Code mode image on the real engine: the function image is built FROM the runtime with the code baked in and serves;
 * a restarted platform finds it by its labels instead of rebuilding; with room for one image, the image evicted by a
 * second function's build is removed from the engine (no instance used it).
 */
class FunctionImageIT {
    private static final String RUNTIME = "localfaas/runtime-nodejs18:latest";

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
