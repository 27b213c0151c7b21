package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code faas event TYPE}: a sample FC event as JSON on stdout; an unknown type is exit 2 with the known ones. */
class EventCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            timer | /triggerName       | timer
            timer | /payload           | awesome-fc
            oss   | /events/0/eventSource | acs:oss
            oss   | /events/0/oss/object/key | image/a.jpg
            http  | /version            | v1
            http  | /requestContext/http/method | POST
            mns   | /TopicName         | my-topic
            mns   | /Message           | hello topic
            """)
    void samplesAreFcShapedJson(String type, String pointer, String expected) throws Exception {
        ValidateCommandTest.Run run = ValidateCommandTest.faas("event", type);
        assertEquals(0, run.exit(), String.join("\n", run.err()));
        JsonNode event = JSON.readTree(String.join("\n", run.out()));
        assertEquals(expected, event.at(pointer).asText());
    }

    @Test
    void theTimerSampleHasAnUtcTriggerTimeInSeconds() throws Exception {
        JsonNode event = JSON.readTree(String.join("\n", ValidateCommandTest.faas("event", "timer").out()));
        assertTrue(event.get("triggerTime").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), event.toString());
    }

    @Test
    void unknownTypeExitsTwoNamingTheKnownOnes() {
        ValidateCommandTest.Run run = ValidateCommandTest.faas("event", "kafka");
        assertEquals(2, run.exit());
        assertEquals(List.of("faas: error: unknown event type kafka; known: timer, oss, http, mns"), run.err());
    }

    @Test
    void withoutATypeItListsThem() {
        assertEquals(List.of("timer", "oss", "http", "mns"), ValidateCommandTest.faas("event").out());
    }
}
