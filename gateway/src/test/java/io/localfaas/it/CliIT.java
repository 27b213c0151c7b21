package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Bad input to {@code faas up}: one clear line, a non-zero exit, no stack trace. */
class CliIT {
    private static void assertNoStackTrace(List<String> lines) {
        assertFalse(lines.stream().anyMatch(l -> l.contains("Exception") || l.trim().startsWith("at ")), "no stack trace: " + lines);
    }

    @Test
    void missingConfigFileIsOneLineAndExit2() throws Exception {
        try (ChildPlatform child = new ChildPlatform(Map.of(), "up", "/nonexistent/app.yaml", "--port", "0")) {
            assertEquals(2, child.awaitExit());
            assertEquals(List.of("/nonexistent/app.yaml: no such file"), child.err());
            assertNoStackTrace(child.out());
        }
    }

    @Test
    void unreachableEngineSaysHowToStartOneAndExit3() throws Exception {
        String config = RunningPlatform.CONFIG.resolve("hello.yaml").toString();
        try (ChildPlatform child = new ChildPlatform(Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"), "up", config, "--port", "0")) {
            assertEquals(3, child.awaitExit());
            List<String> errors = child.err().stream().filter(l -> l.startsWith("faas: error:")).toList();
            assertEquals(1, errors.size(), child.err().toString());
            assertTrue(errors.get(0).contains("did not answer") && errors.get(0).contains("dockerd"), errors.get(0));
            assertNoStackTrace(child.err());
        }
    }
}
