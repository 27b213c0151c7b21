package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderNamesTest {
    @ParameterizedTest(name = "request header {0} forwarded: {1}")
    @CsvSource({
            "Content-Type, true", "Authorization, true", "X-Custom, true", "Cookie, true",
            "Connection, false", "Keep-Alive, false", "Transfer-Encoding, false", "TE, false", "Upgrade, false",
            "Host, false", "Content-Length, false", "X-Fc-Request-Id, false", "x-fc-function-name, false",
            "X-Localfaas-Instance, false"
    })
    void requestHeaders(String name, boolean forwarded) {
        assertEquals(forwarded, HeaderNames.forwardRequest(name));
    }

    @ParameterizedTest(name = "response header {0} forwarded: {1}")
    @CsvSource({
            "Content-Type, true", "Set-Cookie, true", "Cache-Control, true",
            "Connection, false", "Content-Length, false", "Date, false", "Server, false", "x-fc-error-type, false",
            "Transfer-Encoding, false"
    })
    void responseHeaders(String name, boolean forwarded) {
        assertEquals(forwarded, HeaderNames.forwardResponse(name));
    }
}
