package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FC's custom runtime on the real engine when the function's server does not start: each a 502 naming the function,
 * with what the server printed, within the start timeout; nothing hangs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CustomRuntimeStartFailuresIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A command that exits at once and a server that never listens: each a 502 naming the function, with its output. */
    @Test
    void aCommandThatExitsAPortThatNeverOpensAndNoBootstrapAreClearStartFailures() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-custom-bad");
        Path code = Files.createDirectories(dir.resolve("code"));
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                service: bad
                platform: {host: 127.0.0.1, port: 0, startTimeout: 3s}
                functions:
                  exits:
                    runtime: custom
                    codeUri: %1$s
                    customRuntimeConfig: {command: [sh, -c, 'echo cannot find app.js >&2; exit 3']}
                    triggers: [{path: /exits}]
                  deaf:
                    runtime: custom
                    codeUri: %1$s
                    customRuntimeConfig: {command: [sh, -c, 'echo started but not listening; exec sleep 600']}
                    triggers: [{path: /deaf}]
                  nobootstrap:
                    runtime: custom
                    codeUri: %1$s
                    triggers: [{path: /nobootstrap}]
                """.formatted(code));
        try (RunningPlatform p = new RunningPlatform(config)) {
            HttpResponse<String> exits = p.get("/2016-08-15/proxy/bad/exits/");
            assertEquals(502, exits.statusCode(), exits.body());
            String m = JSON.readTree(exits.body()).get("errorMessage").asText();
            assertTrue(m.startsWith("function exits: its custom-runtime server (sh -c ") && m.contains("exited with code 3")
                    && m.contains("cannot find app.js"), m);

            HttpResponse<String> deaf = p.get("/2016-08-15/proxy/bad/deaf/");
            assertEquals(502, deaf.statusCode(), deaf.body());
            m = JSON.readTree(deaf.body()).get("errorMessage").asText();
            assertTrue(m.startsWith("function deaf: its custom-runtime server") && m.contains("did not listen on port 9000 within 3000ms")
                    && m.contains("started but not listening"), m);

            HttpResponse<String> none = p.get("/2016-08-15/proxy/bad/nobootstrap/");
            assertEquals(502, none.statusCode(), none.body());
            m = JSON.readTree(none.body()).get("errorMessage").asText();
            assertTrue(m.startsWith("function nobootstrap: a custom-runtime function without customRuntimeConfig.command runs the bootstrap"), m);
        }
    }
}
