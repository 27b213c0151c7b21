package io.localfaas.loadtest.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void theSameSeedMakesTheSameTrace() {
        List<TraceGenerator.Row> a = TraceGenerator.generate(6, 120, 30, 1);
        List<TraceGenerator.Row> b = TraceGenerator.generate(6, 120, 30, 1);
        List<TraceGenerator.Row> c = TraceGenerator.generate(6, 120, 30, 2);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).perMinute(), b.get(i).perMinute());
        }
        assertTrue(a.stream().mapToLong(TraceGenerator.Row::total).sum() != c.stream().mapToLong(TraceGenerator.Row::total).sum());
        assertEquals(List.of("diurnal-1", "bursty-1", "rare-1", "diurnal-2", "bursty-2", "rare-2"), a.stream().map(TraceGenerator.Row::name).toList());
    }

    @Test
    void eachKindHasItsShape() {
        List<TraceGenerator.Row> rows = TraceGenerator.generate(3, 1440, 60, 3);
        int[] diurnal = rows.get(0).perMinute();
        long night = java.util.Arrays.stream(diurnal, 0, 120).sum();
        long noon = java.util.Arrays.stream(diurnal, 660, 780).sum();
        assertTrue(noon > 5 * night, "diurnal: " + night + " at night, " + noon + " at noon");
        int[] bursty = rows.get(1).perMinute();
        int top = java.util.Arrays.stream(bursty).max().orElse(0);
        double median = java.util.Arrays.stream(bursty).sorted().toArray()[720];
        assertTrue(top > 20 * Math.max(1, median), "bursty: median " + median + ", top " + top);
        int[] rare = rows.get(2).perMinute();
        List<Integer> at = new java.util.ArrayList<>();
        for (int m = 0; m < rare.length; m++) {
            if (rare[m] > 0) {
                assertEquals(1, rare[m]);
                at.add(m);
            }
        }
        assertTrue(at.size() >= 2);
        int period = at.get(1) - at.get(0);
        for (int i = 1; i < at.size(); i++) {
            assertEquals(period, at.get(i) - at.get(i - 1), "rare: every " + period + " minutes");
        }
    }

    @Test
    void bothFileShapesReadBackAsTheSameCounts() throws IOException {
        List<TraceGenerator.Row> rows = TraceGenerator.generate(4, 30, 10, 5);
        Map<String, Long> expected = rows.stream().collect(Collectors.toMap(TraceGenerator.Row::name, TraceGenerator.Row::total));
        Path azure = dir.resolve("azure.csv");
        TraceGenerator.writeAzure(rows, azure);
        Trace fromAzure = TraceReader.read(azure, TraceReader.Spread.RANDOM, 5);
        assertEquals(expected, fromAzure.counts());
        Path requests = dir.resolve("requests.csv");
        TraceGenerator.writeRequests(TraceGenerator.trace(rows, TraceReader.Spread.RANDOM, 5), requests);
        Trace fromRequests = TraceReader.read(requests, TraceReader.Spread.EVEN, 0);
        Map<String, Long> counted = fromRequests.counts();
        expected.forEach((k, v) -> assertEquals(v, counted.getOrDefault(k, 0L), k));
        for (int k = 0; k < fromAzure.size(); k++) {
            assertEquals(fromAzure.offsetNanos(k) / 1_000_000, fromRequests.offsetNanos(k) / 1_000_000 + fromAzureShift(fromAzure, fromRequests), 1);
        }
    }

    /** The per-request file starts at its first request; the Azure shape at minute 0. */
    private static long fromAzureShift(Trace azure, Trace requests) {
        return (azure.offsetNanos(0) - requests.offsetNanos(0)) / 1_000_000;
    }
}
