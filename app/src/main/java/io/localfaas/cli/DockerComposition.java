package io.localfaas.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.docker.DockerBackend;
import io.localfaas.backend.docker.DockerEngine;
import io.localfaas.backend.docker.DockerImages;
import io.localfaas.images.FunctionImageBackend;
import io.localfaas.images.ImageCache;
import io.localfaas.logs.CapturingBackend;
import io.localfaas.logs.LogStore;
import io.localfaas.spec.AppSpec;
import io.localfaas.stem.HttpStemControl;
import io.localfaas.stem.StemCells;

/**
 * The composition root's choice of engine: instances on Docker, started from the images their specs ask for (the image
 * cache, warmed from the engine's labelled images), with their output captured into the log store.
 *
 * @param backend    what the scheduler gets
 * @param logs       the functions' logs (ring buffers + files), for {@code X-Fc-Log-Type: Tail}
 * @param imageCache the function image cache, for metrics
 * @param instanceGateway the host's address on the instances' network, where the gateway listens for instances
 * @param stemCells  the stem cells' pool when {@code --stem-cells} is on
 */
public record DockerComposition(InstanceBackend backend, LogStore logs, ImageCache imageCache, FunctionImageBackend images,
                                Optional<String> instanceGateway, Optional<StemCells> stemCells) {
    /** How long one function image build may take. */
    public static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Connects to the engine {@code DOCKER_HOST} names (throws {@link io.localfaas.backend.BackendUnavailableException}
     * when none answers) and composes over it, as {@link #over} does, without stem cells.
     */
    public static DockerComposition connect(AppSpec app, Path logDir, ImageCache.Listener imageListener) {
        return connect(app, logDir, imageListener, 0);
    }

    /**
     * As {@link #connect(AppSpec, Path, ImageCache.Listener)}, with up to {@code stemCells} pre-started stem cells per
     * runtime in use ({@code faas up --stem-cells N}; 0: off, every cold start boots its instance).
     */
    public static DockerComposition connect(AppSpec app, Path logDir, ImageCache.Listener imageListener, int stemCells) {
        DockerEngine engine = DockerEngine.fromEnvironment().pingOrClose();
        try {
            return over(engine, app, logDir, imageListener, stemCells);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /**
     * Everything that talks to the engine, over the one {@code engine}: the instance backend (which owns it and closes
     * it), the stem cells when {@code stemCells > 0}, the function images and their cache, refilled from the engine's
     * images of the app's functions.
     */
    public static DockerComposition over(DockerEngine engine, AppSpec app, Path logDir, ImageCache.Listener imageListener,
                                         int stemCells) {
        DockerBackend docker = DockerBackend.over(engine);
        ImageCache cache = new ImageCache(DockerImages.on(engine), app.platform().imageCacheSize(), BUILD_TIMEOUT, imageListener);
        cache.warm(app.functions());
        InstanceBackend instances = docker;
        StemCells stems = null;
        StemCells.removeFoldersOfDeadPlatforms(stemRoot(logDir).getParent(), io.localfaas.OrphanPolicy.selfId(),
                io.localfaas.OrphanPolicy::alive);
        if (stemCells > 0) {
            stems = new StemCells(docker, new HttpStemControl(), StemCells.runtimeImages(), stemRoot(logDir),
                    io.localfaas.OrphanPolicy.selfId(), stemCells, app.platform().startTimeout(), java.time.Clock.systemUTC());
            stems.prime(StemCells.imagesOf(app.functions()));
            instances = stems;
        }
        FunctionImageBackend images = new FunctionImageBackend(instances, cache, app.platform().startTimeout());
        LogStore logs = new LogStore(logDir, app.service());
        return new DockerComposition(new CapturingBackend(images, logs), logs, cache, images, docker.instanceGatewayAddress(),
                Optional.ofNullable(stems));
    }

    /** The stem cells' code folders: beside the log folder, in the state folder, one folder per platform process. */
    private static Path stemRoot(Path logDir) {
        return logDir.toAbsolutePath().getParent().resolve("stem").resolve(io.localfaas.OrphanPolicy.selfId().replace('@', '-'));
    }
}
