package io.localfaas.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.backend.RunningInstance;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.testing.Probe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Host an instance sees: the client's on HTTP calls (as on FC), the instance's own address otherwise. */
class ClientHostTest {
    private static final FunctionSpec FN = Probe.function("head", 1, 0, 1);
    private static final RunningInstance INSTANCE = new RunningInstance("i-1", "b-1", "127.0.0.1", 9000);

    @ParameterizedTest(name = "{0} with x-forwarded-host {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "HTTP_INVOKE, web.localhost:8080, web.localhost:8080",
            "HTTP_INVOKE, www.example.com, www.example.com",
            "HTTP_INVOKE, -, 127.0.0.1:9000",
            "HTTP_INVOKE, ' ', 127.0.0.1:9000",
            "INVOKE, web.localhost:8080, 127.0.0.1:9000"})
    void host(ControlPath path, String forwarded, String expected) {
        Map<String, List<String>> headers = forwarded == null ? Map.of() : Map.of("x-forwarded-host", List.of(forwarded));
        InvokeRequest r = new InvokeRequest("req-1", path, "GET", "/", headers, new byte[0], Optional.empty(), Optional.empty());
        RequestHead head = RequestHead.of(INSTANCE, FN, r, 0);
        assertEquals(Optional.of(expected), head.headers().stream().filter(h -> h.name().equals("host")).map(RequestHead.Header::value).findFirst());
    }
}
