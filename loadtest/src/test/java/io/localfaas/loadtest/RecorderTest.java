package io.localfaas.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RecorderTest {
    private static final long MS = 1_000_000;

    private static Outcome ok(long endMs, long latencyMs) {
        return new Outcome((endMs - latencyMs) * MS, (endMs - latencyMs) * MS, endMs * MS, 200, null, false, "i1", null, "0ms");
    }

    @Test
    void aggregatesCountsErrorsColdAndWarm() {
        Recorder r = new Recorder();
        for (int i = 0; i < 98; i++) {
            r.record(ok(100 + i * 10, 10));
        }
        r.record(new Outcome(0, 0, 900 * MS, 200, null, true, "i2",
                "image=1ms;wait=0ms;create=20ms;start=150ms;listen=100ms;init=30ms;total=301ms", "305ms"));
        r.record(new Outcome(0, 0, 1500 * MS, 200, "HandledInvocationError", false, "i2", null, "0ms"));
        r.record(new Outcome(0, 0, 1600 * MS, 429, null, false, null, null, null));
        r.record(new Outcome(0, 0, 1700 * MS, 0, null, false, null, null, null));
        Report rep = r.report("x", new Report.Target("http://127.0.0.1/", "GET", "f"),
                new Report.Load("closed", "2s:1", 100, 1, 0, false), "2026-01-01T00:00:00Z", 2.0);
        assertEquals(102, rep.requests());
        assertEquals(3, rep.errors(), "a function error, a 429, a transport failure");
        assertEquals(1, rep.transportErrors());
        assertEquals(Map.of("200", 100L, "429", 1L), rep.byStatus());
        assertEquals(Map.of("HandledInvocationError", 1L), rep.byErrorType());
        assertEquals(1, rep.coldStarts().count());
        assertEquals(150, rep.coldStarts().phasesMs().get("start").max(), 0.2);
        assertEquals(900, rep.latencyMs().cold().max(), 1);
        assertEquals(100, rep.latencyMs().warm().count(), "warm: answered requests that were not cold");
        assertEquals(10, rep.latencyMs().warm().p50(), 0.1);
        assertEquals(305, rep.queueWaitMs().max(), 0.5);
        assertEquals(2, rep.instancesSeen());
        assertEquals(51, rep.throughput(), 1e-9);
        assertEquals(1, rep.coldPoints().size());
        assertEquals(0.9, rep.coldPoints().get(0).t(), 1e-9);
        long perSecond = rep.timeline().stream().mapToLong(Report.Second::requests).sum();
        assertEquals(102, perSecond, "every request is in the timeline");
        long binned = rep.histogram().stream().mapToLong(Report.Bin::count).sum();
        assertEquals(102, binned, "every request is in the histogram");
    }

    @Test
    void coldStartsAreCountedByKindStemOrBoot() {
        Recorder r = new Recorder();
        r.record(new Outcome(0, 0, 100 * MS, 200, null, true, "i1", "image=0ms;wait=0ms;specialise=9ms;init=0ms;total=9ms", "9ms"));
        r.record(new Outcome(0, 0, 200 * MS, 200, null, true, "i2", "image=0ms;wait=0ms;specialise=12ms;init=3ms;total=15ms", "15ms"));
        r.record(new Outcome(0, 0, 300 * MS, 200, null, true, "i3", "image=0ms;wait=0ms;create=20ms;start=150ms;listen=100ms;init=0ms;"
                + "total=270ms", "270ms"));
        Report rep = r.report("x", new Report.Target("u", "GET", "f"), new Report.Load("closed", "1s:1", 3, 1, 0, true), "t", 1);
        assertEquals(Map.of("stem", 2L, "boot", 1L), rep.coldStarts().byKind());
        assertEquals(12, rep.coldStarts().phasesMs().get("specialise").max(), 0.1);
        assertTrue(Reports.text(rep).contains("cold starts 3 (boot 1, stem 2;"), Reports.text(rep));
    }

    @Test
    void instanceSamplesGiveMaxInstancesAndMemoryTimesTime() {
        Recorder r = new Recorder();
        r.instances(0, 2, 1, 1, 128, 500 * MS);
        r.instances(500 * MS, 4, 4, 0, 128, 500 * MS);
        Report rep = r.report("x", new Report.Target("u", "GET", "f"), new Report.Load("open", "1s:1", 1, 1, 0, false), "t", 1);
        assertEquals(4, rep.maxInstances());
        assertEquals((2 + 4) * 128 * 0.5, rep.memoryMbSeconds(), 1e-9);
        assertEquals(-1, new Recorder().report("x", rep.target(), rep.load(), "t", 1).maxInstances(), "no samples: unknown");
    }

    @Test
    void breakdownParsingSkipsWhatItDoesNotKnow() {
        assertEquals(Map.of("image", 3L, "init", 0L), Recorder.parseBreakdown("image=3ms;bogus;x=ms;init=0ms"));
        assertTrue(Recorder.parseBreakdown(null).isEmpty());
    }

    @Test
    void eachFunctionKeepsItsColdStartsTotalPhaseInTheOrderTheyEnded() {
        Recorder r = new Recorder();
        r.record(new Outcome(0, 0, 100 * MS, 200, null, true, "i1", "create=20ms;total=301ms", "305ms", "a"));
        r.record(new Outcome(0, 0, 200 * MS, 200, null, false, "i1", null, "0ms", "a"));
        r.record(new Outcome(0, 0, 300 * MS, 200, null, true, "i2", "total=1200ms", "1205ms", "b"));
        r.record(new Outcome(0, 0, 400 * MS, 200, null, true, "i3", "total=90ms", "95ms", "a"));
        r.record(new Outcome(0, 0, 500 * MS, 200, null, true, "i4", null, "95ms", "a"));
        Report rep = r.report("x", new Report.Target("u", "GET", "a"), new Report.Load("trace", "1s:1", 1, 1, 0, false), "t", 1);
        assertEquals(List.of(301.0, 90.0), rep.functions().get("a").startMs(), "a cold start without its phases adds none");
        assertEquals(List.of(1200.0), rep.functions().get("b").startMs());
    }
}
