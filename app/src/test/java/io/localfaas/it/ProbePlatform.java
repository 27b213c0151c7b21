package io.localfaas.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.localfaas.Scheduler;
import io.localfaas.cli.DockerComposition;
import io.localfaas.gateway.GatewayOptions;
import io.localfaas.gateway.GatewayServer;
import io.localfaas.gateway.LogTailSource;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.images.ImageCache;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.SpecLoader;

/**
 * The gateway-probe platform (src/test/resources/gateway-probe.yaml) on the real Docker engine, with test-sized
 * limits: 1 MB sync bodies (from the file), FC's 128 KB async bodies, a 2 s request-parse timeout, fast async retries.
 */
final class ProbePlatform implements AutoCloseable {
    static final Path CONFIG = Path.of("src", "test", "resources", "gateway-probe.yaml");
    static final Path THROTTLE_CONFIG = Path.of("src", "test", "resources", "gateway-throttle.yaml");
    static final long SYNC_LIMIT = 1024 * 1024;

    final AppSpec app;
    /** The engine as {@code faas up} composes it: backend chain, captured logs, image cache. */
    final DockerComposition engine;
    final Scheduler scheduler;
    final GatewayServer gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ProbePlatform() throws Exception {
        this(CONFIG);
    }

    ProbePlatform(Path config) throws Exception {
        app = SpecLoader.load(config);
        if (config.equals(CONFIG) && app.platform().maxBodyBytes() != SYNC_LIMIT) {
            throw new IllegalStateException("gateway-probe.yaml must set platform.maxBodyBytes: " + SYNC_LIMIT);
        }
        engine = DockerComposition.connect(app, Files.createTempDirectory("localfaas-logs"), ImageCache.Listener.NONE);
        engine.images().prepare(app.functions());
        GatewayMetrics metrics = new GatewayMetrics(Optional.of(engine.imageCache()::stats));
        scheduler = new Scheduler(app, engine.backend(), Clock.systemUTC(), metrics);
        GatewayOptions options = GatewayOptions.from(app.platform())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(5))
                .withAsync(100, 4, 3, Duration.ofMillis(100));
        gateway = new GatewayServer(scheduler, options, metrics, LogTailSource.captured(engine.logs()), Optional.of(() -> {
            try {
                return Optional.of(scheduler.reload(SpecLoader.load(config)));
            } catch (io.localfaas.spec.ConfigException e) {
                return Optional.empty();
            }
        }), Clock.systemUTC());
        gateway.start();
        // As faas up does: instances, in network namespaces of their own, reach the gateway (and the tests' latches on this
        // machine) at its listener for them.
        engine.instanceGateway().ifPresent(a -> scheduler.gatewayUrl("http://" + a + ":" + gateway.listenForInstances(a)));
        scheduler.start();
    }

    HttpResponse<String> invoke(String function, String event) throws IOException, InterruptedException {
        return invoke(function, Map.of(), event);
    }

    String adminToken() {
        return app.platform().adminToken().orElseThrow();
    }

    HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, Map.of(), null);
    }

    HttpResponse<String> invoke(String function, Map<String, String> headers, String event) throws IOException, InterruptedException {
        return send("POST", "/2016-08-15/services/probe/functions/" + function + "/invocations", headers, event);
    }

    HttpResponse<String> admin(String method, String path) throws IOException, InterruptedException {
        return send(method, path, Map.of("Authorization", "Bearer " + adminToken()), null);
    }

    @Override
    public void close() {
        gateway.close();
        scheduler.close();
    }
}
