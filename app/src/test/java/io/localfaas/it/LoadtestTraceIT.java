package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.loadtest.trace.Trace;
import io.localfaas.loadtest.trace.TraceReader;
import io.localfaas.port.PoolCounters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faas loadtest --trace}, as its own process, against a platform on the real engine (trace-replay.yaml): the
 * shipped generated trace (10 minutes, 312 requests, three functions) replayed at {@code --speed 60} sends each
 * function the requests the trace holds, counted by the function itself, and the report's cold starts per function are
 * the platform's own counters.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@Tag("alone") // the replay's cold starts depend on how fast instances start, which another fork's load changes
class LoadtestTraceIT {
    static final Path CONFIG = Path.of("src", "test", "resources", "trace-replay.yaml");
    static final Path TRACE = Path.of("..", "bench", "traces", "generated-3fn-10m.csv");
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

    @Test
    void aReplayAtSixtyTimesSendsWhatTheTraceHoldsAndCountsColdStartsAsThePlatformDoes() throws Exception {
        Trace trace = TraceReader.read(TRACE, TraceReader.Spread.RANDOM, 1);
        Map<String, Long> expected = Map.of("diurnal-1", trace.counts().get("diurnal-1"), "bursty-1", trace.counts().get("bursty-1"),
                "timer", trace.counts().get("rare-1"));
        assertEquals(trace.size(), expected.values().stream().mapToLong(Long::longValue).sum());
        Path json = dir.resolve("replay.json");
        LoadtestRuns.Run r = LoadtestRuns.faas("loadtest", "--trace", TRACE.toString(), "--speed", "60", "--map", "rare-1=timer",
                "--gateway", platform.gateway.baseUrl(), "--admin-token", platform.adminToken(), "--quiet", "--json", json.toString(),
                "--threshold", "requests>=" + trace.size(), "--html", Path.of("target", "trace-replay-report.html").toString());
        assertEquals(0, r.rc(), r.out() + "\n" + r.err());
        JsonNode rep = JSON.readTree(json.toFile());
        assertEquals(trace.size(), rep.get("requests").asLong(), r.out());
        assertEquals(0, rep.get("transportErrors").asLong(), "every request was answered\n" + r.out());
        long coldTotal = 0;
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            String fn = e.getKey();
            JsonNode f = rep.get("functions").get(fn);
            assertEquals(e.getValue().longValue(), f.get("requests").asLong(), fn + ": the report's count");
            await().atMost(Duration.ofSeconds(30)).until(() -> LoadtestRuns.lines(platform, fn, "trace-hit") >= e.getValue());
            assertEquals(e.getValue().longValue(), LoadtestRuns.lines(platform, fn, "trace-hit"), fn + ": the function's own count");
            PoolCounters c = platform.scheduler.pool(fn).orElseThrow().snapshot().counters();
            assertEquals(c.coldServed(), f.get("coldStarts").asLong(), fn + ": cold starts, the report's against the platform's");
            assertEquals(c.coldServed(), sum(f.get("coldPerBucket")), fn + ": cold starts over time add up");
            coldTotal += c.coldServed();
        }
        assertEquals(coldTotal, rep.get("coldStarts").get("count").asLong());
        assertTrue(platform.scheduler.pool("timer").orElseThrow().snapshot().counters().coldServed() >= 2,
                "the rare function's instance was retired between its calls (1 s idle timeout, calls 2-4 s apart at this speed)");
        assertTrue(r.out().contains("thresholds: all 1 passed"), r.out());
        assertTrue(Files.size(Path.of("target", "trace-replay-report.html")) > 100_000, "the HTML report, with its charts");

        // faas simulate replays the same trace through the same pools on a virtual clock, each function's starts taking that
        // function's starts as this run measured them, in turn (so the comparison does not hang on how fast this machine
        // started instances today), and the call duration the functions have (WORK_MS 20 ms, plus the protocol's few ms):
        // its cold starts agree with the platform's within max(3, 40%) of them.
        Path simJson = dir.resolve("simulate.json");
        LoadtestRuns.Run s = LoadtestRuns.faas("simulate", CONFIG.toString(), "--trace", TRACE.toString(), "--speed", "60", "--map", "rare-1=timer",
                "--from-report", json.toString(), "--call", "25ms", "--json", simJson.toString());
        assertEquals(0, s.rc(), s.out() + "\n" + s.err());
        String taken = s.out().lines().filter(l -> l.contains("measured starts in turn for")).findFirst().orElse("");
        expected.keySet().forEach(fn -> assertTrue(taken.contains(fn), fn + " took the replay's own starts: " + s.out()));
        long simulatedCold = 0;
        for (JsonNode row : JSON.readTree(simJson.toFile()).get("rows")) {
            assertEquals("as written", row.get("setting").asText());
            String fn = row.get("function").asText();
            assertEquals(expected.get(fn).longValue(), row.get("result").get("requests").asLong(), fn);
            simulatedCold += row.get("result").get("coldStarts").asLong();
        }
        System.out.println("LoadtestTraceIT: cold starts replayed " + coldTotal + ", simulated " + simulatedCold + "\n" + s.out());
        assertTrue(Math.abs(simulatedCold - coldTotal) <= Math.max(3, 0.4 * coldTotal),
                "simulated cold starts " + simulatedCold + " within max(3, 40%) of the replay's " + coldTotal + "\n" + s.out());
    }

    private static long sum(JsonNode array) {
        long n = 0;
        for (JsonNode v : array) {
            n += v.asLong();
        }
        return n;
    }
}
