package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code faas event http FUNCTION CONFIG}: the event of the style the function gets. */
class EventStyleTest {
    private static final Path CONFIG = Path.of("..", "config", "http-event.yaml");

    @Test
    void anFc3FunctionGetsTheV1Event() throws Exception {
        ValidateCommandTest.Run run = ValidateCommandTest.faas("event", "http", "event-node", CONFIG.toString());
        assertEquals(0, run.exit(), String.join("\n", run.err()));
        assertEquals("v1", new ObjectMapper().readTree(String.join("\n", run.out())).get("version").asText());
    }

    @Test
    void anFc2FunctionGetsNoEventAndIsToldSo() {
        ValidateCommandTest.Run run = ValidateCommandTest.faas("event", "http", "hello-fc2", CONFIG.toString());
        assertEquals(0, run.exit(), String.join("\n", run.err()));
        assertTrue(String.join("\n", run.out()).contains("FC 2's style"), run.out().toString());
        assertEquals(2, ValidateCommandTest.faas("event", "http", "nope", CONFIG.toString()).exit());
    }
}
