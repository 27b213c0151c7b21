package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.localfaas.Scheduler;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.RunningInstance;
import io.localfaas.gateway.GatewayOptions;
import io.localfaas.gateway.GatewayServer;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Off loopback, {@code /metrics} needs the admin token (404 without one configured, 401 without the header); on
 * loopback without a token the dashboard answers only a local Host (a page of another site rebound to 127.0.0.1 sends
 * its own name). The listener on every address is only called at 127.0.0.1.
 */
@Timeout(60)
class OffLoopbackGatesTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A backend that starts nothing: these gateways serve no function. */
    private static final class NoBackend extends io.localfaas.backend.NoOpBackend {
        @Override
        public RunningInstance start(InstanceLaunch launch) {
            throw new UnsupportedOperationException("no functions here");
        }
    }

    private static int get(GatewayServer g, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The status line of a GET of the dashboard with {@code host} as its Host (HttpClient does not let a caller set it). */
    private static String statusLine(GatewayServer g, String host) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", g.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /system/dashboard HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private static GatewayServer gateway(String host, Optional<String> token) {
        Scheduler scheduler = new Scheduler(Probe.app(Probe.platform(1, Duration.ofSeconds(1), 1)), new NoBackend(), Clock.systemUTC());
        GatewayServer g = new GatewayServer(scheduler, GatewayOptions.defaults(host, 0).withAdminToken(token), new GatewayMetrics(),
                Clock.systemUTC());
        g.start();
        return g;
    }

    @Test
    void offLoopbackMetricsNeedTheAdminToken() throws Exception {
        GatewayServer open = gateway("0.0.0.0", Optional.empty());
        try {
            assertEquals(404, get(open, "/metrics"), "no token configured: /metrics is off");
        } finally {
            open.close();
        }
        GatewayServer guarded = gateway("0.0.0.0", Optional.of("s3cret-token"));
        try {
            assertEquals(401, get(guarded, "/metrics"));
            assertEquals(401, get(guarded, "/metrics", "Authorization", "Bearer wrong"));
            assertEquals(200, get(guarded, "/metrics", "Authorization", "Bearer s3cret-token"));
        } finally {
            guarded.close();
        }
    }

    @Test
    void onLoopbackTheTokenlessDashboardAnswersOnlyALocalHost() throws Exception {
        GatewayServer g = gateway("127.0.0.1", Optional.empty());
        try {
            assertEquals(200, get(g, "/metrics"));
            int local = get(g, "/system/dashboard");
            assertTrue(local == 200 || local == 302, "the dashboard at Host 127.0.0.1 answered " + local);
            assertEquals("HTTP/1.1 403 Forbidden", statusLine(g, "attacker.example:" + g.port()), "a foreign Host");
        } finally {
            g.close();
        }
    }
}
