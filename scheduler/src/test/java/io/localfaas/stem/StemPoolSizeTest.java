package io.localfaas.stem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StemPoolSizeTest {
    @ParameterizedTest(name = "inUse={0} takes={1} max={2} -> {3}")
    @CsvSource({
            "false, 0, 4, 0",   // a runtime nothing uses keeps none
            "false, 9, 4, 0",   // ... whatever it did before the idle window
            "true, 0, 4, 1",    // in use, no recent cold start: one ready
            "true, 1, 4, 1",
            "true, 3, 4, 3",    // one per recent cold start
            "true, 9, 4, 4",    // bounded by the platform's setting
            "true, 5, 0, 0",    // stem cells off
            "true, 0, 1, 1",
    })
    void reactsToTheRecentColdStartsWithinItsBound(boolean inUse, int takes, int max, int expected) {
        assertEquals(expected, StemPoolSize.target(inUse, takes, max));
    }
}
