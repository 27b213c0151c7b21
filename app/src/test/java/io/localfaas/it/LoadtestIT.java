package io.localfaas.it;

import static io.localfaas.it.LoadtestRuns.faas;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.port.PoolCounters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faas loadtest}, run as its own process against a platform on the real engine (loadtest.yaml): the report's
 * counts against the function's own (its captured output) and the gateway's; the open loop's latency includes the
 * queueing behind a stalled function, the closed loop's does not; a report JSON round-trips into {@code --compare}; the
 * instance-concurrency endpoint; {@code faas tune} recommends by its stated rule.
 */
@Tag("alone") // measures throughput and latency: faas tune compares the rates it reaches, the loops their p99
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LoadtestIT {
    static final Path CONFIG = Path.of("src", "test", "resources", "loadtest.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ProbePlatform platform;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        platform = new ProbePlatform(CONFIG);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static String[] common(String function, String... more) {
        return LoadtestRuns.against(platform, "loadtest", function, more);
    }

    private static long functionLines(String function, String marker) throws IOException {
        return LoadtestRuns.lines(platform, function, marker);
    }

    @Test
    void theReportCountsWhatTheFunctionAndTheGatewayCount() throws Exception {
        Path json = dir.resolve("counter.json");
        // One client: every cold start is paid by exactly one request, so cold requests = instances started = initializer runs.
        LoadtestRuns.Run r = faas(common("counter", "--clients", "1", "--requests", "400", "--duration", "50s", "--body", "{}",
                "--force-cold", "--force-cold-every", "1s", "--json", json.toString()));
        assertEquals(0, r.rc(), r.err());
        JsonNode rep = JSON.readTree(json.toFile());
        long requests = rep.get("requests").asLong();
        long errors = rep.get("errors").asLong();
        long cold = rep.get("coldStarts").get("count").asLong();
        assertEquals(400, requests, "bounded by --requests");
        assertEquals(0, rep.get("transportErrors").asLong());

        PoolCounters gw = platform.scheduler.pool("counter").orElseThrow().snapshot().counters();
        assertEquals(requests, gw.served(), "the gateway served as many as the report counts");
        assertEquals(cold, gw.coldServed(), "cold starts: the report's against the gateway's");
        assertTrue(cold >= 2, "--force-cold and --force-cold-every 1s caused cold starts: " + cold);

        await().atMost(Duration.ofSeconds(30)).until(() -> functionLines("counter", "loadtest-hit") >= requests);
        assertEquals(requests, functionLines("counter", "loadtest-hit"), "the function's own count of invocations");
        assertEquals(errors, functionLines("counter", "loadtest-hit fail"), "the function's own count of its errors");
        assertEquals(errors, rep.get("byErrorType").path("HandledInvocationError").asLong(), "errors by FC error type: " + rep.get("byErrorType"));
        assertTrue(errors >= 1 && errors >= (requests - 6 * cold) / 7, "every 7th invocation on an instance fails: " + errors);
        assertEquals(gw.started(), functionLines("counter", "loadtest-init"), "instances started: the gateway's and the initializer runs");
        assertEquals(cold, functionLines("counter", "loadtest-init"), "cold starts: the report's against the function's own initializer runs");
        assertTrue(rep.get("coldStarts").get("phasesMs").has("create"), "cold-start breakdown per phase: " + rep.get("coldStarts"));
        assertTrue(r.out().contains("cold starts " + cold), r.out());

        // The JSON report round-trips into --compare (against itself: every ratio 1).
        LoadtestRuns.Run c = faas("loadtest", "--compare", json.toString(), json.toString(), "--html", dir.resolve("cmp.html").toString());
        assertEquals(0, c.rc(), c.err());
        assertTrue(c.out().lines().anyMatch(l -> l.startsWith("requests") && l.contains("400.0") && l.trim().endsWith("1.00")), c.out());
        assertTrue(Files.size(dir.resolve("cmp.html")) > 100_000, "the HTML report inlines the chart library");
    }

    @Test
    void theOpenLoopShowsAStalledFunctionInItsP99AndTheClosedLoopDoesNot() throws Exception {
        // Each stall function stalls 1500 ms on its instance's 300th invocation (once); the first invocation warms it.
        for (String f : List.of("stall-closed", "stall-open")) {
            assertEquals(200, platform.send("POST", "/2016-08-15/services/loadtest/functions/" + f + "/invocations", Map.of(), "{}").statusCode());
        }
        Path closed = dir.resolve("closed.json");
        Path open = dir.resolve("open.json");
        LoadtestRuns.Run rc = faas(common("stall-closed", "--clients", "1", "--requests", "400", "--duration", "60s", "--json", closed.toString()));
        assertEquals(0, rc.rc(), rc.err());
        LoadtestRuns.Run ro = faas(common("stall-open", "--rate", "40", "--duration", "10s", "--json", open.toString()));
        assertEquals(0, ro.rc(), ro.err());
        JsonNode c = JSON.readTree(closed.toFile());
        JsonNode o = JSON.readTree(open.toFile());
        assertEquals(0, c.get("errors").asLong(), rc.out());
        assertEquals(0, o.get("errors").asLong(), ro.out());
        assertTrue(c.get("requests").asLong() >= 300 && o.get("requests").asLong() >= 300, "both runs reached the stall");
        assertTrue(c.get("latencyMs").get("all").get("max").asDouble() >= 1500, "the closed loop met the stall: " + c.get("latencyMs"));
        assertTrue(c.get("latencyMs").get("all").get("p99").asDouble() < 750,
                "closed loop: one slow request in " + c.get("requests") + " stays out of p99: " + c.get("latencyMs"));
        assertTrue(o.get("latencyMs").get("all").get("p99").asDouble() >= 750,
                "open loop: the requests due during the stall queue behind it, from their intended send time: " + o.get("latencyMs"));
        assertEquals("open", o.get("load").get("mode").asText());
    }

    @Test
    void theInstanceConcurrencyEndpointRestartsThePoolWithTheNewValue() throws Exception {
        var before = platform.scheduler.pool("io").orElseThrow();
        var r = platform.admin("POST", "/system/functions/io/instance-concurrency?value=7");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(7, platform.scheduler.pool("io").orElseThrow().spec().instanceConcurrency());
        assertTrue(platform.scheduler.pool("io").orElseThrow() != before, "a new pool");
        assertTrue(JSON.readTree(platform.admin("GET", "/system/functions").body()).toString().contains("\"memorySize\":128"));
        assertEquals(400, platform.admin("POST", "/system/functions/io/instance-concurrency?value=0").statusCode());
        assertEquals(400, platform.admin("POST", "/system/functions/io/instance-concurrency").statusCode());
        assertEquals(404, platform.admin("POST", "/system/functions/nope/instance-concurrency?value=2").statusCode());
        assertEquals(405, platform.admin("GET", "/system/functions/io/instance-concurrency?value=2").statusCode());
    }

    @Test
    void tuneRecommendsDifferentValuesForCpuAndIoBoundFunctionsByItsStatedRule() throws Exception {
        JsonNode cpu = tune("cpu");
        JsonNode io = tune("io");
        assertTrue(cpu.get("recommended").asInt() != io.get("recommended").asInt(),
                "CPU-bound " + cpu.get("rows") + " vs I/O-bound " + io.get("rows"));
    }

    /** Runs {@code faas tune FUNCTION} at 1 and 4 and checks its recommendation against the rule, from its own numbers. */
    private JsonNode tune(String function) throws Exception {
        Path json = dir.resolve(function + "-tune.json");
        Path html = dir.resolve(function + "-tune.html");
        List<String> args = new ArrayList<>(List.of(LoadtestRuns.against(platform, "tune", function, "--clients", "4", "--duration", "5s",
                "--requests", "20000", "--body", "{}")));
        args.addAll(List.of("--values", "1,4", "--warmup", "2s", "--tolerance", "50", "--json", json.toString(), "--html", html.toString()));
        LoadtestRuns.Run r = faas(args.toArray(String[]::new));
        assertEquals(0, r.rc(), r.err());
        JsonNode t = JSON.readTree(json.toFile());
        System.out.println("faas tune " + function + ": recommended " + t.get("recommended") + " from " + t.get("rows"));
        // The rule, applied here to the measured rows: among rows with at most 1 % errors whose p99 is within 50 % of the best
        // such p99, the fewest instances used; ties: less memory x time, lower p99, smaller value.
        double best = Double.MAX_VALUE;
        for (JsonNode row : t.get("rows")) {
            if (row.get("errorRate").asDouble() <= 0.01) {
                best = Math.min(best, row.get("p99Ms").asDouble());
            }
        }
        JsonNode pick = null;
        for (JsonNode row : t.get("rows")) {
            boolean ok = row.get("errorRate").asDouble() <= 0.01 && row.get("p99Ms").asDouble() <= best * 1.5;
            assertEquals(ok, row.get("acceptable").asBoolean(), row.toString());
            if (ok && (pick == null || better(row, pick))) {
                pick = row;
            }
        }
        assertTrue(pick != null, t.toString());
        assertEquals(pick.get("instanceConcurrency").asInt(), t.get("recommended").asInt(), t.get("rows").toString());
        assertTrue(r.out().contains("instanceConcurrency: " + t.get("recommended").asInt()), "prints the YAML line: " + r.out());
        assertEquals(2, t.get("reports").size());
        assertTrue(t.get("rows").get(0).get("instancesUsed").asInt() >= t.get("rows").get(1).get("instancesUsed").asInt(),
                "instanceConcurrency 4 needs no more instances than 1: " + t.get("rows"));
        assertTrue(Files.size(html) > 100_000);
        return t;
    }

    private static boolean better(JsonNode a, JsonNode b) {
        int c = Integer.compare(a.get("instancesUsed").asInt(), b.get("instancesUsed").asInt());
        if (c == 0) {
            c = Double.compare(Math.max(0, a.get("memoryMbSeconds").asDouble()), Math.max(0, b.get("memoryMbSeconds").asDouble()));
        }
        if (c == 0) {
            c = Double.compare(a.get("p99Ms").asDouble(), b.get("p99Ms").asDouble());
        }
        if (c == 0) {
            c = Integer.compare(a.get("instanceConcurrency").asInt(), b.get("instanceConcurrency").asInt());
        }
        return c < 0;
    }
}
