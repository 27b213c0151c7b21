package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Host headers name this machine, for the token-less dashboard (DNS rebinding). */
class LocalHostHeaderTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "localhost, true", "localhost:8080, true", "LOCALHOST:8080, true", "web.localhost:8080, true", "localhost., true",
            "127.0.0.1, true", "127.0.0.1:8080, true", "127.1.2.3:1, true", "[::1]:8080, true", "[::1], true",
            "evil.example:8080, false", "localhost.evil.example, false", "127.0.0.1.evil.example, false", "10.0.0.1:8080, false",
            "[::2]:8080, false", "localhost:80x, false", "'', false",
    })
    void aHostHeaderNamesThisMachineOrNot(String host, boolean local) {
        assertEquals(local, LocalHostHeader.local(host));
    }
}
