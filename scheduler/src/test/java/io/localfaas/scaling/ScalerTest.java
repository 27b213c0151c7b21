package io.localfaas.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScalerTest {
    @ParameterizedTest(name = "inflight={0} instances={1} C={2} min={3} max={4} -> desired {5}, start {6}")
    @CsvSource({
            // inflight, instances, C, min, max, desired, toStart
            "0, 0, 1, 0, 10, 0, 0",          // idle, no reserved instances: nothing runs
            "1, 0, 1, 0, 10, 1, 1",          // first request: one cold start
            "1, 1, 1, 0, 10, 1, 0",          // warm instance covers it
            "2, 1, 1, 0, 10, 2, 1",          // C = 1: one instance per request
            "8, 0, 1, 0, 10, 8, 8",          // burst at C = 1
            "8, 0, 1, 0, 5, 5, 5",           // clamped to max
            "0, 0, 1, 2, 10, 2, 2",          // reserved instances start with no traffic
            "0, 2, 1, 2, 10, 2, 0",          // reserved instances already there
            "3, 0, 2, 0, 10, 2, 2",          // ceil(3 / 2) = 2
            "4, 0, 2, 0, 10, 2, 2",          // exactly full
            "5, 0, 2, 0, 10, 3, 3",          // one over: another instance
            "200, 0, 200, 0, 10, 1, 1",      // C = 200: one instance takes 200
            "201, 1, 200, 0, 10, 2, 1",      // the 201st needs a second
            "1600, 0, 200, 0, 10, 8, 8",     // burst of 8 x C
            "10, 5, 10, 0, 10, 1, 0",        // more instances than needed: scale-down is the reaper's job
            "1, 0, 1, 0, 1, 1, 1",           // max 1
            "2147483647, 0, 1, 0, 3, 3, 3",  // no overflow on huge inflight
            "1, 0, 1, 3, 10, 3, 3",          // min clamps up even with traffic
            "5, 3, 1, 3, 10, 5, 2",          // above the minimum: traffic decides
            "0, 8, 4, 0, 10, 0, 0",          // scale-down after a burst: desired 0, nothing started (reaper retires)
            "3, 8, 4, 1, 10, 1, 0",          // scale-down to ceil(3/4) = 1 while 8 run
            "32, 0, 4, 0, 8, 8, 8",          // burst 8 x C at C = 4 lands exactly on max 8
            "33, 8, 4, 0, 8, 8, 0",          // one over at the max: no start, the request queues
            "32, 5, 4, 0, 8, 8, 3",          // burst while 5 already start: only the difference
            "199, 0, 200, 0, 10, 1, 1",      // C = 200 below a full instance
            "400, 0, 200, 2, 10, 2, 2",      // C = 200: 400 fill exactly the 2 reserved
            "0, 0, 200, 0, 1, 0, 0",         // C = 200 idle
            "10, 0, 1, 10, 10, 10, 10"       // min = max: fixed size
    })
    void desiredIsClampedCeilOfInflightOverConcurrency(int inflight, int instances, int c, int min, int max, int desired, int toStart) {
        ScalingDecision d = Scaler.decide(new PoolSnapshot(inflight, instances, c, min, max));
        assertEquals(new ScalingDecision(desired, toStart), d);
    }
}
