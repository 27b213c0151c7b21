package io.localfaas.it;

import static io.localfaas.it.LoadtestRuns.faas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faas tune}, run as its own process against a platform on the real engine (loadtest.yaml): it recommends
 * different instance concurrencies for a CPU-bound and an I/O-bound function, by its stated rule applied to its own rows.
 */
@Tag("alone") // measures throughput: faas tune compares the rates it reaches
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TuneIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ProbePlatform platform;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        platform = new ProbePlatform(LoadtestIT.CONFIG);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
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
