package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which request paths an HTTP trigger's path serves: itself, with or without a trailing slash, and every path under it. */
class TriggerSpecTest {
    @ParameterizedTest(name = "{0} serves {1}: {2}")
    @CsvSource(textBlock = """
            /,          /,              true
            /,          /anything/at/all, true
            /todo,      /todo,          true
            /todo,      /todo/,         true
            /todo,      /todo/7,        true
            /todo,      /todos,         false
            /todo,      /tod,           false
            /todo,      /,              false
            /todo/,     /todo,          true
            /todo/,     /todo/7,        true
            /todo/,     /todox,         false
            /a/b,       /a/b/c?x,       true
            /a/b,       /a,             false
            """)
    void aTriggerServesItsPathAndThePathsUnderIt(String triggerPath, String requestPath, boolean served) {
        assertEquals(served, new TriggerSpec(triggerPath, Set.of("GET")).matches(requestPath));
    }
}
