package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorResponseTest {
    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "START_FAILED, 502, FunctionNotStarted",
            "INIT_FAILED, 502, InitializationError",
            "INIT_TIMEOUT, 504, InitializationTimeout",
            "INSTANCE_CRASHED, 502, InstanceCrashed",
            "FUNCTION_TIMEOUT, 504, FunctionTimeout",
            "BACKEND_UNAVAILABLE, 503, BackendUnavailable",
            "THROTTLED, 429, ResourceExhausted",
            "SHUTTING_DOWN, 503, ServiceUnavailable",
            "FUNCTION_NOT_FOUND, 404, FunctionNotFound"
    })
    void everyKindHasItsStatusAndCode(Kind kind, int status, String code) {
        ErrorResponse r = ErrorResponse.from(PlatformException.of(kind, "m"));
        assertEquals(status, r.status());
        assertEquals(code, r.errorCode());
        assertEquals("m", r.message());
    }

    @Test
    void throttlingCarriesRetryAfter() {
        assertEquals(Optional.of(Duration.ofSeconds(2)), ErrorResponse.from(PlatformException.throttled("busy", Duration.ofSeconds(2))).retryAfter());
    }

    @Test
    void routesMapToFcCodes() {
        assertEquals(ErrorResponse.of(404, "FunctionNotFound", "x"), ErrorResponse.from(new Route.NotFound("FunctionNotFound", "x"), false));
        assertEquals(ErrorResponse.of(404, "ServiceNotFound", "x"), ErrorResponse.from(new Route.NotFound("ServiceNotFound", "x"), true));
        assertEquals(400, ErrorResponse.from(new Route.BadPath("x"), false).status());
        assertEquals(405, ErrorResponse.from(new Route.MethodNotAllowed("f", Set.of("GET")), false).status());
        assertEquals(403, ErrorResponse.from(new Route.MethodNotAllowed("f", Set.of("GET")), true).status(), "FC: method not in the trigger is 403");
        ErrorResponse unsupported = ErrorResponse.from(new Route.NotSupported("GET", "/2016-08-15/x"), true);
        assertEquals(400, unsupported.status());
        assertEquals("PathNotSupported", unsupported.errorCode());
        assertEquals("'GET' against '/2016-08-15/x' is not supported", unsupported.message());
    }

    @Test
    void oversizedBodiesAreFcs400OnFcPathsAnd413Elsewhere() {
        assertEquals(ErrorResponse.of(400, "EntityTooLarge", "payload size exceeds maximum allowed size (10 bytes)"), ErrorResponse.tooLarge(10, true));
        assertEquals(413, ErrorResponse.tooLarge(10, false).status());
    }
}
