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

/**
 * The composition root's choice of engine: instances on Docker, started from the images their specs ask for (the image
 * cache, warmed from the engine's labelled images), with their output captured into the log store.
 *
 * @param backend    what the scheduler gets
 * @param logs       the functions' logs (ring buffers + files), for {@code X-Fc-Log-Type: Tail}
 * @param imageCache the function image cache, for metrics
 * @param instanceGateway the host's address on the instances' network, where the gateway listens for instances
 */
public record DockerComposition(InstanceBackend backend, LogStore logs, ImageCache imageCache, FunctionImageBackend images,
                                Optional<String> instanceGateway) {
    /** How long one function image build may take. */
    public static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Connects to the engine {@code DOCKER_HOST} names (throws {@link io.localfaas.backend.BackendUnavailableException}
     * when none answers) and composes over it, as {@link #over} does.
     */
    public static DockerComposition connect(AppSpec app, Path logDir, ImageCache.Listener imageListener) {
        DockerEngine engine = DockerEngine.fromEnvironment().pingOrClose();
        try {
            return over(engine, app, logDir, imageListener);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /**
     * Everything that talks to the engine, over the one {@code engine}: the instance backend (which owns it and closes
     * it), the function images and their cache, refilled from the engine's images of the app's functions.
     */
    public static DockerComposition over(DockerEngine engine, AppSpec app, Path logDir, ImageCache.Listener imageListener) {
        DockerBackend docker = DockerBackend.over(engine);
        ImageCache cache = new ImageCache(DockerImages.on(engine), app.platform().imageCacheSize(), BUILD_TIMEOUT, imageListener);
        cache.warm(app.functions());
        FunctionImageBackend images = new FunctionImageBackend(docker, cache, app.platform().startTimeout());
        LogStore logs = new LogStore(logDir, app.service());
        return new DockerComposition(new CapturingBackend(images, logs), logs, cache, images, docker.instanceGatewayAddress());
    }
}
