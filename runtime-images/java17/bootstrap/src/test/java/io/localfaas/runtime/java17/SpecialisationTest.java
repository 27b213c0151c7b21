package io.localfaas.runtime.java17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecialisationTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @Test
    void theFunctionsVariablesAndTheNewKeyAreReadTheRuntimesOwnAreLeftOut() {
        Specialisation s = Specialisation.parse(("{\"environment\": {\"FC_HANDLER\": \"a.B::c\", \"MINE\": \"1\", \"FC_SERVER_PORT\": \"1\", "
                + "\"LOCALFAAS_STEM_CELL\": \"1\", \"LOCALFAAS_INSTANCE_KEY\": \"" + KEY + "\"}}").getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("FC_HANDLER", "a.B::c", "MINE", "1"), s.environment());
        assertEquals(KEY, s.key());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json                                  | the body is not JSON: ",
            "[]                                        | the body must be {\"environment\": {\"NAME\": \"value\", ...}}",
            "{\"environment\": []}                     | the body must be {\"environment\": {\"NAME\": \"value\", ...}}",
            "{\"environment\": {\"A\": 1}}             | environment.A must be a string",
            "{\"environment\": {\"A\": \"1\"}}         | environment.LOCALFAAS_INSTANCE_KEY must be the new instance key",
            "{\"environment\": {\"LOCALFAAS_INSTANCE_KEY\": \"short\"}} | environment.LOCALFAAS_INSTANCE_KEY must be the new instance key",
    })
    void aBadBodyIsRefusedWithWhatIsWrong(String body, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Specialisation.parse(body.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    /** The test JVM does not open java.lang and java.util (the launcher does, for stem cells only): a clear refusal. */
    @Test
    void withoutTheOpenedPackagesTheEnvironmentCannotBeSetAndSaysWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ProcessEnv.putAll(Map.of("X", "1")));
        assertTrue(e.getMessage().contains("--add-opens java.base/java.lang=ALL-UNNAMED"), e.getMessage());
    }
}
