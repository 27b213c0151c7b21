package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which listen addresses keep the gateway on this machine (the dashboard is open without a token only there). */
class LoopbackTest {
    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "127.1.2.3, true", "::1, true", "localhost, true", "0.0.0.0, false", "192.0.2.10, false",
            "::, false"})
    void loopbackAddresses(String host, boolean loopback) {
        assertEquals(loopback, GatewayServer.loopback(host));
    }
}
