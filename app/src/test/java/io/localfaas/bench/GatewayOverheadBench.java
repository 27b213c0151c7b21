package io.localfaas.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.localfaas.Scheduler;
import io.localfaas.backend.RunningInstance;
import io.localfaas.backend.docker.DockerBackend;
import io.localfaas.gateway.GatewayOptions;
import io.localfaas.gateway.GatewayServer;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.SpecLoader;
import org.HdrHistogram.Histogram;

/**
 * What the gateway adds, in one run against one warm instance: the same event sent alternately through the gateway's
 * invoke API and straight to the instance's {@code /invoke} (or, with {@code http}, the same POST through the HTTP
 * trigger {@code /web} and straight to the instance's {@code /http-invoke}), one request at a time, from one keep-alive
 * client. Bounded in count and time; loopback only. Usage: {@code GatewayOverheadBench [requests] [maxSeconds] [invoke|http]}.
 */
public final class GatewayOverheadBench {
    private GatewayOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        long maxSeconds = args.length > 1 ? Long.parseLong(args[1]) : 120;
        boolean httpTrigger = args.length > 2 && args[2].equals("http");
        String function = httpTrigger ? "web" : "echo";
        String controlPath = httpTrigger ? "/http-invoke" : "/invoke";
        AppSpec app = SpecLoader.load(Path.of("app", "src", "test", "resources", "gateway-probe.yaml"));
        GatewayMetrics metrics = new GatewayMetrics();
        try (Scheduler scheduler = new Scheduler(app, DockerBackend.connect(), Clock.systemUTC(), metrics);
             GatewayServer gateway = new GatewayServer(scheduler, GatewayOptions.from(app.platform()), metrics,
                     Clock.systemUTC())) {
            scheduler.start();
            gateway.start();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            byte[] event = "{\"bench\":\"gateway-overhead\",\"pad\":\"0123456789abcdef0123456789abcdef\"}".getBytes(StandardCharsets.UTF_8);
            HttpRequest viaGateway = HttpRequest.newBuilder(URI.create(gateway.baseUrl()
                            + (httpTrigger ? "/web" : "/2016-08-15/services/probe/functions/echo/invocations")))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(event)).build();
            HttpResponse<byte[]> first = http.send(viaGateway, HttpResponse.BodyHandlers.ofByteArray());
            String instanceId = first.headers().firstValue("x-localfaas-instance").orElseThrow();
            RunningInstance instance = scheduler.pool(function).orElseThrow().running(instanceId).orElseThrow();
            URI direct = URI.create("http://" + instance.host() + ":" + instance.port() + (httpTrigger ? "/web" : "/invoke"));

            Histogram gw = new Histogram(60_000_000_000L, 3);
            Histogram dir = new Histogram(60_000_000_000L, 3);
            long gwNanos = 0;
            long dirNanos = 0;
            int warmup = Math.min(500, requests / 10);
            long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
            int done = 0;
            for (int i = 0; i < warmup + requests && System.nanoTime() < deadline; i++) {
                HttpRequest directRequest = HttpRequest.newBuilder(direct).timeout(Duration.ofSeconds(30))
                        .header("x-fc-control-path", controlPath).header("x-fc-request-id", UUID.randomUUID().toString())
                        .header("x-fc-function-name", function).header("content-type", "application/octet-stream")
                        .header(io.localfaas.protocol.InstanceKey.HEADER, instance.key())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build();
                long t0 = System.nanoTime();
                HttpResponse<byte[]> g = http.send(viaGateway, HttpResponse.BodyHandlers.ofByteArray());
                long t1 = System.nanoTime();
                HttpResponse<byte[]> d = http.send(directRequest, HttpResponse.BodyHandlers.ofByteArray());
                long t2 = System.nanoTime();
                if (g.statusCode() != 200 || d.statusCode() != 200 || !instanceId.equals(g.headers().firstValue("x-localfaas-instance").orElse(""))) {
                    throw new IllegalStateException("not the same warm instance or not 200: " + g.statusCode() + " " + d.statusCode());
                }
                if (i >= warmup) {
                    gw.recordValue(t1 - t0);
                    dir.recordValue(t2 - t1);
                    gwNanos += t1 - t0;
                    dirNanos += t2 - t1;
                    done++;
                }
            }
            double gwRps = done / (gwNanos / 1e9);
            double dirRps = done / (dirNanos / 1e9);
            System.out.printf("requests measured per path (%s): %d (after %d warm-up), one client, sequential, instance %s%n",
                    httpTrigger ? "HTTP trigger /web" : "invoke API", done, warmup, instanceId);
            System.out.printf("| path | p50 µs | p99 µs | req/s |%n|---|---|---|---|%n");
            System.out.printf("| direct to instance | %d | %d | %.0f |%n", dir.getValueAtPercentile(50) / 1000, dir.getValueAtPercentile(99) / 1000, dirRps);
            System.out.printf("| through the gateway | %d | %d | %.0f |%n", gw.getValueAtPercentile(50) / 1000, gw.getValueAtPercentile(99) / 1000, gwRps);
            System.out.printf("gateway adds: p50 +%d µs, p99 +%d µs; throughput ratio gateway/direct = %.2f%n",
                    (gw.getValueAtPercentile(50) - dir.getValueAtPercentile(50)) / 1000,
                    (gw.getValueAtPercentile(99) - dir.getValueAtPercentile(99)) / 1000, gwRps / dirRps);
        }
    }
}
