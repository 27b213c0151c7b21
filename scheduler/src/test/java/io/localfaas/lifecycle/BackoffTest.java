package io.localfaas.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
    @ParameterizedTest(name = "{0} failures -> {1} ms")
    @CsvSource({
            "0, 0", "-1, 0", "1, 500", "2, 1000", "3, 2000", "4, 4000", "6, 16000", "7, 30000", "8, 30000", "1000, 30000"
    })
    void doublesFromBaseAndIsCapped(int failures, long millis) {
        assertEquals(Duration.ofMillis(millis), Backoff.delay(failures));
    }
}
