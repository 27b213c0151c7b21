package io.localfaas.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.localfaas.backend.ImageBuildException;
import io.localfaas.port.ImageCacheStats;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheTest {
    private static final String RUNTIME = io.localfaas.spec.Runtime.NODEJS18.image(); // LOCALFAAS_IMAGE_TAG decides the tag

    @TempDir
    Path dir;

    private final RecordingImages engine = new RecordingImages().withRuntime(RUNTIME, "sha256:runtime1");

    private Path code(String name, String content) throws Exception {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("index.js"), content);
        return d;
    }

    private FunctionSpec fn(String name, String content) throws Exception {
        return Specs.nodejs(name, code(name, content), CodeMode.IMAGE);
    }

    @BeforeEach
    void noImagesYet() {
        assertEquals(1, engine.byTag.size());
    }

    @Test
    void aHitSkipsTheBuildAndStatsCountIt() throws Exception {
        List<String> events = new java.util.ArrayList<>();
        ImageCache cache = new ImageCache(engine, 5, Duration.ofMinutes(1), new ImageCache.Listener() {
            @Override
            public void hit(ImageKey key) {
                events.add("hit");
            }

            @Override
            public void miss(ImageKey key) {
                events.add("miss");
            }
        });
        FunctionSpec f = fn("f", "exports.handler = 1");
        String tag = cache.imageFor(f);
        assertTrue(tag.startsWith(ImageKey.REPOSITORY + ":"), tag);
        assertEquals(tag, cache.imageFor(f));
        assertEquals(List.of(tag), engine.builds, "built once");
        assertEquals(List.of("miss", "hit"), events, "the listener saw both");
        ImageCacheStats s = cache.stats();
        assertEquals(1, s.hits());
        assertEquals(1, s.misses());
        assertEquals(1, s.builds());
        assertEquals(1, s.size());
    }

    @Test
    void mountModeAndTheSameCodeElsewhereNeedNoBuild() throws Exception {
        ImageCache cache = new ImageCache(engine, 5, Duration.ofMinutes(1), ImageCache.Listener.NONE);
        assertEquals(RUNTIME, cache.imageFor(Specs.nodejs("m", code("m", "x"), CodeMode.MOUNT)));
        String a = cache.imageFor(fn("a", "same code"));
        String b = cache.imageFor(fn("b", "same code"));
        assertEquals(a, b, "same runtime + same code = same image");
        assertNotEquals(a, cache.imageFor(fn("c", "other code")));
        assertEquals(2, engine.builds.size());
    }

    @Test
    void evictionRemovesAnImageOnlyOnceNoInstanceUsesIt() throws Exception {
        ImageCache cache = new ImageCache(engine, 1, Duration.ofMinutes(1), ImageCache.Listener.NONE);
        String first = cache.imageFor(fn("a", "one"));
        cache.acquire(first);
        String second = cache.imageFor(fn("b", "two"));
        cache.cached();
        assertEquals(List.of(), engine.removals, "in use: kept");
        assertEquals(List.of(first), cache.pendingRemoval());
        cache.release(first);
        assertEquals(List.of(first), engine.removals, "removed when its last instance went");
        assertEquals(1, cache.stats().removed());
        assertEquals(List.of(second), cache.cached().keySet().stream().map(ImageKey::tag).toList());
    }

    @Test
    void theEngineRefusingARemovalKeepsTheImage() throws Exception {
        ImageCache cache = new ImageCache(engine, 1, Duration.ofMinutes(1), ImageCache.Listener.NONE);
        String first = cache.imageFor(fn("a", "one"));
        engine.usedByContainers.add(first);
        cache.imageFor(fn("b", "two"));
        cache.cached();
        assertEquals(List.of(), engine.removals);
        assertTrue(engine.byTag.containsKey(first));
    }

    @Test
    void warmRefillsTheCacheFromLabelsSoARestartHits() throws Exception {
        FunctionSpec f = fn("f", "code");
        String tag = new ImageCache(engine, 5, Duration.ofMinutes(1), ImageCache.Listener.NONE).imageFor(f);
        ImageCache restarted = new ImageCache(engine, 5, Duration.ofMinutes(1), ImageCache.Listener.NONE);
        assertEquals(1, restarted.warm(List.of(f, Specs.nodejs("m", code("m", "x"), CodeMode.MOUNT))));
        assertEquals(tag, restarted.imageFor(f));
        assertEquals(1, restarted.stats().hits());
        assertEquals(0, restarted.stats().builds());
        assertEquals(1, engine.builds.size());
    }

    @Test
    void warmLeavesOtherFunctionsImagesAloneSoASmallCacheEvictsNothingOfOthers() throws Exception {
        String others = new ImageCache(engine, 5, Duration.ofMinutes(1), ImageCache.Listener.NONE).imageFor(fn("other", "theirs"));
        ImageCache small = new ImageCache(engine, 1, Duration.ofMinutes(1), ImageCache.Listener.NONE);
        assertEquals(0, small.warm(List.of(fn("mine", "mine"))));
        small.imageFor(fn("mine", "mine"));
        small.imageFor(fn("mine2", "mine too"));
        small.cached();
        assertTrue(engine.byTag.containsKey(others), "another platform's image survives this cache's evictions");
        assertEquals(1, engine.removals.size(), "only its own evicted image went");
    }

    @Test
    void anImageTheEngineLostIsBuiltAgain() throws Exception {
        ImageCache cache = new ImageCache(engine, 5, Duration.ofMinutes(1), ImageCache.Listener.NONE);
        FunctionSpec f = fn("f", "code");
        String tag = cache.imageFor(f);
        assertEquals(false, cache.rebuildIfMissing(f), "present: nothing to do");
        engine.byTag.remove(tag);
        assertEquals(true, cache.rebuildIfMissing(f));
        assertTrue(engine.byTag.containsKey(tag));
        assertEquals(List.of(tag, tag), engine.builds);
    }

    @Test
    void aMissingRuntimeImageIsAClearBuildError() throws Exception {
        engine.byTag.clear();
        engine.withRuntime("other", "x");
        ImageCache cache = new ImageCache(engine, 5, Duration.ofMinutes(1), ImageCache.Listener.NONE);
        ImageBuildException e = assertThrows(ImageBuildException.class, () -> cache.imageFor(fn("f", "c")));
        assertTrue(e.getMessage().contains("run scripts/setup"), e.getMessage());
    }

    @Test
    void keysRoundTripThroughLabelsAndCodeHashesIgnoreWhereTheCodeLies() throws Exception {
        ImageKey key = new ImageKey("sha256:r", CodeHash.of(code("x", "same")), CodeMode.IMAGE);
        assertEquals(key, ImageKey.fromLabels(key.labels()).orElseThrow());
        assertEquals(key.codeHash(), CodeHash.of(code("y", "same")));
        assertNotEquals(key.codeHash(), CodeHash.of(code("z", "different")));
        assertTrue(ImageKey.fromLabels(Map.of("io.localfaas.kind", "runtime-image")).isEmpty());
    }
}
