package io.localfaas.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.loadtest.trace.Trace;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.PlatformSpec;
import io.localfaas.spec.Runtime;
import org.junit.jupiter.api.Test;

/** Small traces whose outcome can be worked out by hand, through the real pool on the virtual clock. */
class SimulationTest {
    static FunctionSpec function(String name, int concurrency, int min, int max, Duration idle) {
        return new FunctionSpec("svc", name, Runtime.NODEJS18, Optional.of(Path.of("/tmp")), CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(60), 512, concurrency, min, max, idle, Map.of(),
                List.of());
    }

    private static Trace trace(double... seconds) {
        Trace.Builder b = new Trace.Builder().origin(0);
        for (double s : seconds) {
            b.add((long) (s * 1e9), "f", Double.NaN, null);
        }
        return b.build();
    }

    private static FunctionResult run(FunctionSpec fn, Trace t) {
        return new Simulation(new Simulation.Inputs(Map.of("f", fn), PlatformSpec.DEFAULTS, t, Map.of("f", "f"), 1,
                DurationDistribution.fixed(Duration.ofMillis(500)), DurationDistribution.fixed(Duration.ofMillis(100)), 1)).run().get("f");
    }

    @Test
    void aGapLongerThanTheIdleTimeoutCostsAColdStart() {
        // Calls at 0, 10 s (warm: idle 9.9 s < 60 s), 200 s (the instance went at ~70 s): two cold starts.
        FunctionResult r = run(function("f", 1, 0, 4, Duration.ofSeconds(60)), trace(0, 10, 200));
        assertEquals(3, r.requests());
        assertEquals(2, r.coldStarts());
        assertEquals(500, r.addedP99Ms(), 10);
        assertEquals(1, r.peakInstances());
        // Instance-seconds: 0 -> ~70.6 s (ready at 0.5, last used at 10.6, retired on the first tick >= 70.6 s), then 200 -> 200.6.
        assertTrue(r.instanceSeconds() > 70 && r.instanceSeconds() < 73, "instance-seconds " + r.instanceSeconds());
        assertEquals(r.instanceSeconds() * 0.5, r.memoryGbSeconds(), 0.01);
    }

    @Test
    void aReservedInstanceTakesTheColdStartsAwayAndCostsItsTime() {
        FunctionResult r = run(function("f", 1, 1, 4, Duration.ofSeconds(60)), trace(10, 200));
        assertEquals(0, r.coldStarts());
        assertTrue(r.instanceSeconds() >= 200, "the reserved instance lives from 0 to the end: " + r.instanceSeconds());
    }

    @Test
    void aBurstStartsOneInstancePerConcurrentRequestUpToTheMaximum() {
        // 8 requests at once, concurrency 1, max 4: 4 instances start; the other 4 wait for a slot on those. All 8 arrived
        // before any instance was ready, so all 8 paid a cold start, as the pool counts them (coldServed).
        FunctionResult r = run(function("f", 1, 0, 4, Duration.ofSeconds(60)), trace(0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(8, r.requests());
        assertEquals(4, r.peakInstances());
        assertEquals(8, r.coldStarts());
        assertEquals(600, r.addedP99Ms(), 10);
        FunctionResult packed = run(function("f", 8, 0, 4, Duration.ofSeconds(60)), trace(0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(1, packed.peakInstances(), "instanceConcurrency 8: one instance for the 8");
        assertEquals(8, packed.coldStarts());
    }

    @Test
    void theHistogramKeepAlivePrewarmsATimerThatAFixedKeepAliveLetsGoCold() {
        // A call every 20 minutes for 6 hours, idleTimeout 10 minutes: fixed, every call is cold and each instance
        // idles 10 minutes; histogram, once 5 idle times are known, the instance comes back ~18 minutes after a call
        // and goes ~22 minutes after it, in time for the next call.
        double[] every20m = new double[18];
        for (int i = 0; i < every20m.length; i++) {
            every20m[i] = i * 1200.0;
        }
        FunctionSpec fixed = function("f", 1, 0, 4, Duration.ofMinutes(10));
        FunctionSpec histogram = fixed.withScaling(fixed.scaling().withKeepAlive(io.localfaas.spec.ScalingSpec.KeepAlive.HISTOGRAM));
        FunctionResult f = run(fixed, trace(every20m));
        FunctionResult h = run(histogram, trace(every20m));
        assertEquals(18, f.coldStarts());
        assertEquals(6, h.coldStarts(), "cold until the 5th idle time is known, warm after: " + h);
        assertTrue(h.memoryGbSeconds() < f.memoryGbSeconds(), h + " vs " + f);
    }

    @Test
    void measuredStartsAreTakenInTurnInsteadOfDraws() {
        // Calls at 0, 200 s, 400 s, each a cold start (60 s idle timeout): the starts take 100 ms, 3000 ms, then 100 ms again.
        FunctionSpec fn = function("f", 1, 0, 4, Duration.ofSeconds(60));
        FunctionResult r = new Simulation(new Simulation.Inputs(Map.of("f", fn), PlatformSpec.DEFAULTS, trace(0, 200, 400), Map.of("f", "f"), 1,
                DurationDistribution.fixed(Duration.ofMillis(500)), DurationDistribution.fixed(Duration.ofMillis(100)), 1,
                Map.of("f", java.util.List.of(100.0, 3000.0)))).run().get("f");
        assertEquals(3, r.coldStarts());
        assertEquals(100, r.addedP50Ms(), 2);
        assertEquals(3000, r.addedP99Ms(), 30);
    }
}
