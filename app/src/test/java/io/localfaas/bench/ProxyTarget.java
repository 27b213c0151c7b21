package io.localfaas.bench;

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
import java.util.Optional;

import io.localfaas.Scheduler;
import io.localfaas.backend.RunningInstance;
import io.localfaas.backend.docker.DockerBackend;
import io.localfaas.gateway.GatewayOptions;
import io.localfaas.gateway.GatewayServer;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.port.Happened;
import io.localfaas.port.Slot;
import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.RequestHead;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.SpecLoader;

/**
 * The platform side of bench/gateway-overhead/saturated: serves {@code config} (one warm instance of function
 * {@code web}) on {@code port}, then writes to {@code out} where its instance listens and the headers the gateway sends
 * it on an HTTP-trigger call (the {@code x-fc-*} headers and the instance key), so that the same instance can be called
 * directly and through nginx with the same headers. Runs until killed, at most {@code maxSeconds}. Loopback and the
 * instances' network only. Usage: {@code ProxyTarget config port out maxSeconds}.
 */
public final class ProxyTarget {
    private ProxyTarget() {
    }

    public static void main(String[] args) throws Exception {
        AppSpec app = SpecLoader.load(Path.of(args[0]));
        int port = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        long maxSeconds = Long.parseLong(args[3]);
        GatewayMetrics metrics = new GatewayMetrics();
        try (Scheduler scheduler = new Scheduler(app, DockerBackend.connect(), Clock.systemUTC(), metrics);
             GatewayServer gateway = new GatewayServer(scheduler, GatewayOptions.defaults("127.0.0.1", port)
                     .withBodyLimits(app.platform().maxBodyBytes(), app.platform().maxAsyncBodyBytes()),
                     metrics, Clock.systemUTC())) {
            scheduler.start();
            gateway.start();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/web"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (first.statusCode() != 200) {
                throw new IllegalStateException("the first call answered " + first.statusCode() + ": " + first.body());
            }
            Slot slot = scheduler.calls().tryTake("web").orElseThrow();
            RequestHead head = slot.head(new InvokeRequest("bench", ControlPath.HTTP_INVOKE, "GET", "/web", Map.of(), new byte[0],
                    Optional.of("127.0.0.1"), Optional.empty()), 0);
            scheduler.calls().give(slot, Happened.ANSWERED);
            RunningInstance instance = scheduler.pool("web").orElseThrow().running(slot.instanceId()).orElseThrow();
            StringBuilder b = new StringBuilder();
            b.append("instance ").append(instance.host()).append(':').append(instance.port()).append('\n');
            b.append("container ").append(instance.backendId()).append('\n');
            for (RequestHead.Header h : head.headers()) {
                if (!List.of("host", "content-length").contains(h.name())) {
                    b.append("header ").append(h.name()).append(": ").append(h.value()).append('\n');
                }
            }
            Files.writeString(out, b.toString());
            System.err.println("ready on " + gateway.baseUrl());
            Thread.sleep(maxSeconds * 1000);
        }
    }
}
