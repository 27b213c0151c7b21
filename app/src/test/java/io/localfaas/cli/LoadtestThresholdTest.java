package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faas loadtest --threshold}: against a small HTTP server on loopback, a run whose thresholds all pass exits 0,
 * one that fails exits {@value LoadtestCommand#THRESHOLDS_FAILED} and names the failed threshold; a threshold that
 * does not parse is exit 2 before any request is sent.
 */
@Timeout(60)
class LoadtestThresholdTest {
    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private String url;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            served.incrementAndGet();
            byte[] b = "ok".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void passingThresholdsExitZero() throws IOException {
        Path json = dir.resolve("r.json");
        ValidateCommandTest.Run run = ValidateCommandTest.faas("loadtest", url, "--clients", "1", "-n", "20", "--quiet",
                "--threshold", "p95<1m", "--threshold", "errors<1%", "--json", json.toString());
        assertEquals(0, run.exit(), String.join("\n", run.err()));
        assertTrue(run.out().contains("thresholds: all 2 passed"), String.join("\n", run.out()));
        String report = Files.readString(json);
        assertTrue(report.contains("\"expression\" : \"errors<1%\"") && report.contains("\"passed\" : true"), report);
        assertTrue(report.contains("\"p95\""), report);
    }

    @Test
    void aFailingThresholdExitsNinetyNineAndSaysWhich() {
        ValidateCommandTest.Run run = ValidateCommandTest.faas("loadtest", url, "--clients", "1", "-n", "20", "--quiet",
                "--threshold", "p95<1m", "--threshold", "throughput>1000000");
        assertEquals(LoadtestCommand.THRESHOLDS_FAILED, run.exit(), String.join("\n", run.err()));
        assertEquals(1, run.err().size(), String.join("\n", run.err()));
        assertTrue(run.err().get(0).startsWith("faas loadtest: threshold FAILED throughput>1000000 (measured "), run.err().get(0));
        assertTrue(run.out().contains("thresholds: 1 of 2 FAILED"), String.join("\n", run.out()));
        assertEquals(20, served.get());
    }

    @Test
    void aThresholdThatDoesNotParseIsExitTwoBeforeAnyLoad() {
        ValidateCommandTest.Run run = ValidateCommandTest.faas("loadtest", url, "--clients", "1", "-n", "20", "--threshold", "p95 under 300");
        assertEquals(2, run.exit());
        assertEquals("faas loadtest: threshold 'p95 under 300' must be METRIC OP VALUE, for example p95<300ms, errors<1%, cold.p99<2s,"
                + " throughput>500", run.err().get(0));
        assertEquals(0, served.get());
    }
}
