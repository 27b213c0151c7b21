package io.localfaas.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.backend.InstanceStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FunctionErrorsTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new InstanceStatus(false, 3, false), "FunctionUnhandledError",
                        "Process exited unexpectedly before completing request (duration: 6ms, exit code 3)"),
                Arguments.of(new InstanceStatus(false, 137, true), "FunctionOOMError",
                        "Process exited unexpectedly before completing request (duration: 6ms, out of memory)"),
                Arguments.of(InstanceStatus.RUNNING, "FunctionUnhandledError",
                        "Process exited unexpectedly before completing request (duration: 6ms, connection closed)"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void processExitedReadsLikeFc(InstanceStatus status, String errorType, String message) throws Exception {
        JsonNode body = new ObjectMapper().readTree(FunctionErrors.processExited(Duration.ofMillis(6), status));
        assertEquals(errorType, body.get("errorType").asText());
        assertEquals(message, body.get("errorMessage").asText());
        assertFalse(body.has("stackTrace"), "no platform stack trace");
    }
}
