package io.localfaas.images;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.ImageBackend;
import io.localfaas.backend.ImageBuild;
import io.localfaas.backend.ImageBuildException;
import io.localfaas.backend.ImageInfo;
import io.localfaas.backend.Labels;
import io.localfaas.port.ImageCacheStats;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images functions run from, cached. For code mode {@code image} a function runs from an image {@code FROM} its
 * runtime image with the code at {@code /code}; the cache (Caffeine, bounded by count) maps {@link ImageKey} (what the
 * image contains, read from the spec at every lookup; never the function's name) to that image, so a hit skips the
 * build. Evicting an entry removes its image from the engine, but only once no instance of
 * this platform uses it (and the engine itself refuses while any container does). {@link #warm(List)} refills the
 * cache from the engine's labelled images of the platform's functions, so a restarted platform keeps its images. Thread-safe; a build runs inside the cache's
 * atomic load, so concurrent cold starts of one function build once.
 */
public final class ImageCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);

    /** Build events, for metrics and logs. Called on the building thread; must be quick and must not throw. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** A lookup found its image cached: no build. */
        default void hit(ImageKey key) {
        }

        /** A lookup had to load its image (found in the engine, or built). */
        default void miss(ImageKey key) {
        }

        default void built(ImageKey key, String tag, Duration took) {
        }

        default void removed(String tag) {
        }
    }

    private final ImageBackend images;
    private final Duration buildTimeout;
    private final Listener listener;
    private final Cache<ImageKey, ImageInfo> cache;
    /** Code hashes by code path, each with the fingerprint (names, sizes, modification times) it was computed for. */
    private final Map<Path, CodeHash.Memo> hashes = new ConcurrentHashMap<>();
    private final Map<String, Integer> inUse = new HashMap<>();
    private final Set<String> pendingRemoval = new HashSet<>();
    private final AtomicLong builds = new AtomicLong();
    private final AtomicLong buildFailures = new AtomicLong();
    private final AtomicLong buildNanos = new AtomicLong();
    private final AtomicLong removed = new AtomicLong();
    private final ContainerImages containers;

    public ImageCache(ImageBackend images, int maxImages, Duration buildTimeout, Listener listener) {
        if (maxImages < 1) {
            throw new IllegalArgumentException("maxImages must be >= 1");
        }
        this.images = images;
        this.buildTimeout = buildTimeout;
        this.listener = listener;
        // A user's Dockerfile may pull a base image and compile: bounded on its own, longer than a function image's build.
        this.containers = new ContainerImages(images, buildTimeout.compareTo(Duration.ofMinutes(10)) > 0 ? buildTimeout : Duration.ofMinutes(10));
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxImages)
                .executor(Runnable::run)
                .recordStats()
                .removalListener((ImageKey key, ImageInfo image, RemovalCause cause) -> {
                    if (key != null && cause.wasEvicted()) {
                        retire(key.tag());
                    }
                })
                .build();
    }

    /**
     * Adopts the images of {@code functions} that the engine already has (found by their tag and checked by their
     * labels), so that a restarted platform hits instead of rebuilding; returns how many. Images of other functions
     * or other platforms are left alone: this cache evicts (and removes) only what it built or adopted.
     */
    public int warm(List<FunctionSpec> functions) {
        int n = 0;
        for (FunctionSpec fn : functions) {
            if (!needsBuild(fn)) {
                continue;
            }
            ImageKey key = keyOf(fn);
            var image = images.inspect(key.tag());
            if (image.isPresent() && ImageKey.fromLabels(image.get().labels()).filter(key::equals).isPresent()) {
                cache.put(key, image.get());
                n++;
            }
        }
        cache.cleanUp();
        return n;
    }

    /**
     * For an instance whose image the engine no longer has (someone removed it, or another platform evicted it):
     * forgets the entry and builds it again (same tag). Returns whether it was missing.
     */
    public boolean rebuildIfMissing(FunctionSpec fn) {
        String tag = imageFor(fn);
        if (!needsBuild(fn) || images.inspect(tag).isPresent()) {
            return false;
        }
        LOG.info("image {} of {} is gone from the engine: building it again", tag, fn.name());
        cache.invalidate(keyOf(fn));
        imageFor(fn);
        return true;
    }

    /**
     * The image an instance of {@code fn} starts from: the runtime's (or custom container's) own image for code mode
     * {@code mount}, else the function image, built on a miss.
     *
     * @throws ImageBuildException when the build fails or the runtime image is missing
     */
    public String imageFor(FunctionSpec fn) {
        if (!needsBuild(fn)) {
            return fn.instanceImage();
        }
        ImageKey key = keyOf(fn);
        Path code = fn.codeUri().orElseThrow();
        boolean[] loaded = {false};
        cache.get(key, k -> {
            loaded[0] = true;
            return load(k, fn.instanceImage(), code);
        });
        if (loaded[0]) {
            listener.miss(key);
        } else {
            listener.hit(key);
        }
        return key.tag();
    }

    /** Custom containers' own images, built from the project's Dockerfile when the engine lacks them (on the same engine). */
    public ContainerImages containers() {
        return containers;
    }

    /** Whether {@code fn} runs from an image of its own. */
    public static boolean needsBuild(FunctionSpec fn) {
        return fn.codeMode() == CodeMode.IMAGE && fn.runtime() != Runtime.CUSTOM_CONTAINER && fn.codeUri().isPresent();
    }

    /**
     * What {@code fn}'s image contains, read now: the runtime image's id (one engine call: a runtime image rebuilt by
     * scripts/setup is a new key) and the code's content hash (recomputed only when a file's name, size or
     * modification time changed). Not the function's name: two functions with the same runtime and code share an image,
     * and a function whose code changed gets a new one.
     */
    private ImageKey keyOf(FunctionSpec fn) {
        ImageInfo runtime = images.inspect(fn.instanceImage()).orElseThrow(() -> new ImageBuildException("the runtime image "
                + fn.instanceImage() + " of function " + fn.name() + " is missing: run scripts/setup to build it", null));
        Path code = fn.codeUri().orElseThrow();
        String hash;
        try {
            hash = hashes.compute(code.toAbsolutePath().normalize(), (p, memo) -> CodeHash.Memo.of(p, memo)).hash();
        } catch (java.io.UncheckedIOException e) {
            throw new ImageBuildException(e.getMessage(), e);
        }
        return new ImageKey(runtime.id(), hash, CodeMode.IMAGE);
    }

    private ImageInfo load(ImageKey key, String runtimeImage, Path code) {
        String tag = key.tag();
        synchronized (inUse) {
            pendingRemoval.remove(tag);
        }
        var existing = images.inspect(tag);
        if (existing.isPresent()) {
            return existing.get();
        }
        long t0 = System.nanoTime();
        try {
            ImageInfo built = images.build(new ImageBuild(runtimeImage, code, tag, key.labels(), buildTimeout));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            builds.incrementAndGet();
            LOG.info("built {} FROM {} with {} in {}ms", tag, runtimeImage, code, took.toMillis());
            listener.built(key, tag, took);
            return built;
        } catch (ImageBuildException | BackendUnavailableException e) {
            buildFailures.incrementAndGet();
            throw e;
        } finally {
            buildNanos.addAndGet(System.nanoTime() - t0);
        }
    }

    /** An instance starts from {@code image}: it may not be removed until {@link #release(String)}. */
    public void acquire(String image) {
        synchronized (inUse) {
            inUse.merge(image, 1, Integer::sum);
        }
    }

    /** An instance that started from {@code image} is gone; an evicted image with no user left is removed now. */
    public void release(String image) {
        boolean removeNow;
        synchronized (inUse) {
            Integer left = inUse.computeIfPresent(image, (k, n) -> n > 1 ? n - 1 : null);
            removeNow = left == null && pendingRemoval.remove(image);
        }
        if (removeNow) {
            remove(image);
        }
    }

    private void retire(String tag) {
        synchronized (inUse) {
            if (inUse.containsKey(tag)) {
                pendingRemoval.add(tag);
                return;
            }
        }
        remove(tag);
    }

    private void remove(String tag) {
        try {
            if (images.removeIfUnused(tag)) {
                removed.incrementAndGet();
                listener.removed(tag);
                LOG.info("removed evicted image {}", tag);
            } else {
                LOG.info("evicted image {} is still used by a container; it stays", tag);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not remove evicted image {}: {}", tag, e.getMessage());
        }
    }

    /** The cached function images (key to image), for the admin API and tests. */
    public Map<ImageKey, ImageInfo> cached() {
        cache.cleanUp();
        return Map.copyOf(cache.asMap());
    }

    /** Images evicted while in use, to be removed when their last instance goes. */
    public List<String> pendingRemoval() {
        synchronized (inUse) {
            return List.copyOf(pendingRemoval);
        }
    }

    public ImageCacheStats stats() {
        CacheStats s = cache.stats();
        return new ImageCacheStats(s.hitCount(), s.missCount(), builds.get(), buildFailures.get(), Duration.ofNanos(buildNanos.get()),
                s.evictionCount(), removed.get(), cache.estimatedSize());
    }

    @Override
    public void close() {
        images.close();
    }
}
