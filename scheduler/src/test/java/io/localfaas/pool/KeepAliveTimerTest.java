package io.localfaas.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.localfaas.port.InstanceState;
import io.localfaas.scaling.ScalingDecision;
import io.localfaas.testing.Probe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fixed keep-alive ({@code keepAlive: fixed}, the default) as one scaling decision over the pool's instances. */
class KeepAliveTimerTest {
    /**
     * Instances as {@code id:state:inflight:lastUsedMillis} separated by spaces; idleTimeout 1000 ms; expected victims
     * in order, separated by spaces, "-" for none.
     */
    @ParameterizedTest(name = "min={0} now={1} [{2}] -> {3}")
    @CsvSource({
            "0, 1000, a:READY:0:0, a",                                        // idle exactly idleTimeout: retired
            "0, 999, a:READY:0:0, -",                                         // not yet
            "1, 5000, a:READY:0:0, -",                                        // the reserved instance stays
            "1, 5000, a:READY:0:0 b:READY:0:100, a",                          // one above min: the longest idle goes
            "0, 5000, a:READY:0:300 b:READY:0:100 c:READY:0:200, b c a",      // all go, longest idle first
            "2, 5000, a:READY:0:300 b:READY:0:100 c:READY:0:200, b",          // down to min 2
            "0, 5000, a:READY:1:0 b:READY:0:0, b",                            // busy instances never
            "0, 5000, a:STARTING:0:0 b:DRAINING:0:0 c:INITIALIZING:0:0, -",   // only READY ones
            "2, 5000, a:STARTING:0:0 b:READY:0:0 c:READY:0:4500, b",          // starting ones count toward min
            "0, 5000, b:READY:0:0 a:READY:0:0, a b",                          // ties by id
            "3, 5000, a:READY:0:0 b:READY:0:0, -"                             // below min already: nothing
    })
    void idleInstancesGoAfterIdleTimeout(int min, long now, String instances, String expected) {
        KeepAliveTimer timer = new KeepAliveTimer(Probe.function("fn", 1, min, 10, Duration.ofMillis(1000), Duration.ofSeconds(10), 128, Map.of()));
        ScalingDecision d = timer.decide(instances(instances), now);
        assertEquals("-".equals(expected) ? List.of() : List.of(expected.split(" ")), d.toRetire());
        assertEquals(0, d.toStart());
    }

    private static List<PoolInstance> instances(String instances) {
        return Arrays.stream(instances.split(" ")).map(t -> {
            String[] f = t.split(":");
            PoolInstance i = new PoolInstance(f[0]);
            i.state = InstanceState.valueOf(f[1]);
            i.inflight = Integer.parseInt(f[2]);
            i.lastUsedMillis = Long.parseLong(f[3]);
            return i;
        }).toList();
    }
}
