package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"500ms, 500", "10s, 10000", "5m, 300000", "1h, 3600000", "3, 3000", "' 7s ', 7000", "0, 0"})
    void parses(String text, long millis) {
        assertEquals(Optional.of(Duration.ofMillis(millis)), Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"-1s", "1.5s", "ten", "5d", "''", "s", "9999999999s"})
    void refuses(String text) {
        assertEquals(Optional.empty(), Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"3000, 3s", "1500, 1500ms", "300000, 5m", "7200000, 2h", "0, 0s"})
    void formatsShortestExact(long millis, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(millis)));
    }
}
