package io.localfaas.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.localfaas.loadtest.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayTest {
    private static final Map<String, Long> COUNTS = counts("a=5 b=50 c=20 d=20");
    private static final Set<String> LOCAL = Set.of("a", "web", "api");

    private static Map<String, Long> counts(String spec) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String kv : spec.split(" ")) {
            out.put(kv.split("=")[0], Long.parseLong(kv.split("=")[1]));
        }
        return out;
    }

    private static Map<String, String> pairs(String spec) {
        Map<String, String> out = new TreeMap<>();
        if (!spec.isBlank()) {
            for (String kv : spec.trim().split(" ")) {
                out.put(kv.split("=")[0], kv.split("=")[1]);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "--map [{0}] --functions [{1}] -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
                        |          | a=a
            b=web       |          | a=a b=web
                        | web,api  | a=api b=web c=api d=web
            a=api       | web      | a=api b=web c=web d=web
            b=web c=web | api      | a=api b=web c=web d=api
            """)
    void mapsTraceFunctionsToLocalOnes(String map, String functions, String expected) {
        List<String> fns = functions == null ? List.of() : Arrays.asList(functions.split(","));
        assertEquals(pairs(expected), new TreeMap<>(Replay.mapping(COUNTS, pairs(map == null ? "" : map), fns, LOCAL)));
    }

    @Test
    void aMapOfAFunctionTheTraceLacksIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Replay.mapping(COUNTS, Map.of("x", "web"), List.of(), LOCAL));
        assertEquals("--map x=...: the trace has no function x", e.getMessage());
    }

    @Test
    void theScheduleIsTheTraceCompressedBySpeedWithoutUnmappedFunctions() {
        Trace t = new Trace.Builder().add(0, "a", Double.NaN, null).add(60_000_000_000L, "skip", Double.NaN, null)
                .add(120_000_000_000L, "b", Double.NaN, "{\"k\":1}").build();
        HttpTarget web = new HttpTarget(URI.create("http://127.0.0.1:1/x"), "POST", Map.of(), new byte[0], "web");
        Replay r = new Replay(t, 60, Map.of("a", "web", "b", "web"), Map.of("web", web), "trace t x60");
        assertEquals(2, r.size());
        assertEquals(0, r.sendTimeNanos(0));
        assertEquals(2_000_000_000L, r.sendTimeNanos(1));
        assertEquals("web", r.function(1));
        assertEquals("{\"k\":1}", new String(r.target(1).body()));
        assertEquals(0, r.target(0).body().length);
        assertEquals(Map.of("web", 2L), r.counts());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Replay(t, 60, Map.of(), Map.of(), "t"));
        assertTrue(e.getMessage().startsWith("no request of the trace maps to a local function"), e.getMessage());
    }
}
