package io.localfaas.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdmissionTest {
    @ParameterizedTest(name = "instances={0} max={1} waiting={2} maxQueue={3} -> {4}")
    @CsvSource({
            "0, 10, 0, 0, true",       // below max: capacity is on the way, always wait
            "9, 10, 500, 0, true",     // below max even with a long queue
            "10, 10, 0, 5, true",      // at max, queue empty
            "10, 10, 4, 5, true",      // at max, one place left
            "10, 10, 5, 5, false",     // at max, queue full: 429 at once
            "10, 10, 0, 0, false",     // maxQueue 0: no waiting at max
            "1, 1, 199, 200, true",
            "1, 1, 200, 200, false"
    })
    void mayWait(int instances, int max, int waiting, int maxQueue, boolean expected) {
        assertEquals(expected, Admission.mayWait(instances, max, waiting, maxQueue));
    }
}
