package io.localfaas.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.localfaas.OrphanPolicy;
import io.localfaas.Scheduler;
import io.localfaas.backend.Labels;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.backend.docker.DockerBackend;
import io.localfaas.gateway.GatewayServer;
import io.localfaas.cli.DockerComposition;
import io.localfaas.images.ImageCache;
import io.localfaas.logs.LogStore;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.ConfigException;
import io.localfaas.spec.SpecLoader;

/** A whole platform in this JVM, on the real Docker engine, with the gateway on a free loopback port. */
final class RunningPlatform implements AutoCloseable {
    static final Path CONFIG = Path.of("..", "config");

    final Scheduler scheduler;
    final GatewayServer gateway;
    /** The functions' captured output (in a temporary directory). */
    final LogStore logs;
    /** The engine as the platform uses it: backend chain, logs, image cache. */
    final DockerComposition engine;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final DockerBackend inspector = DockerBackend.connect();

    RunningPlatform(Path config) throws ConfigException {
        this(config, 0);
    }

    /** With up to {@code stemCells} stem cells per runtime in use, as {@code faas up --stem-cells N} (0: off). */
    RunningPlatform(Path config, int stemCells) throws ConfigException {
        AppSpec app = SpecLoader.load(config);
        try {
            engine = DockerComposition.connect(app, java.nio.file.Files.createTempDirectory("localfaas-logs"), ImageCache.Listener.NONE,
                    stemCells);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        logs = engine.logs();
        engine.images().prepare(app.functions());
        scheduler = new Scheduler(app, engine.backend(), Clock.systemUTC());
        gateway = new GatewayServer(scheduler, "127.0.0.1", 0);
        gateway.start();
        // As faas up does: instances, in network namespaces of their own, reach the gateway at its listener for them.
        engine.instanceGateway().ifPresent(a -> scheduler.gatewayUrl("http://" + a + ":" + gateway.listenForInstances(a)));
        scheduler.start();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Containers labelled as this platform's (this JVM's). */
    List<OwnedInstance> ownContainers() {
        return containersOf(OrphanPolicy.selfId());
    }

    List<OwnedInstance> containersOf(String platformId) {
        return inspector.listOwned().stream().filter(o -> platformId.equals(o.labels().get(Labels.PLATFORM))).toList();
    }

    @Override
    public void close() {
        gateway.close();
        scheduler.close();
        inspector.close();
    }
}
