package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.localfaas.Invocation;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.spec.SpecLoader;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A project in the shape of Serverless Devs' FC 3 {@code start-fc3-python} starter (s.yaml with {@code runtime:
 * python3.9}, {@code code: ./code}, an event handler that logs its event and returns it; written here, see
 * src/test/resources/templates/start-fc3-python) runs unchanged: python3.9 runs on python3 with one warning, the event
 * comes back byte for byte and the root logger's line carries the request id.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class Python3TemplateIT {
    private static final Path PROJECT = Path.of("src", "test", "resources", "templates", "start-fc3-python", "s.yaml");

    @Test
    void theStarterRunsUnchanged() throws Exception {
        SpecLoader.Loaded loaded = SpecLoader.read(PROJECT, Map.of());
        assertEquals(1, loaded.warnings().size(), loaded.warnings().toString());
        assertTrue(loaded.warnings().get(0).toString().contains("runtime = python3.9: runs on python3"), loaded.warnings().toString());

        byte[] event = "{\"key\": \"value\", \"bytes\": \"\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        String requestId = UUID.randomUUID().toString();
        try (RunningPlatform platform = new RunningPlatform(PROJECT)) {
            Invocation inv = platform.scheduler.invoke("py-event-echo", InvokeRequest.event(requestId, event));
            assertFalse(inv.response().isFunctionError(), new String(inv.response().body(), StandardCharsets.UTF_8));
            assertArrayEquals(event, inv.response().body());
            Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                String tail = platform.logs.tail("py-event-echo", requestId, 4096);
                assertTrue(tail.matches("(?s).*" + requestId + " \\[INFO\\] event for py-event-echo: \\{\"key\": \"value\".*"), tail);
            });
        }
        assertTrue(Files.isRegularFile(PROJECT.resolveSibling("code").resolve("index.py")));
    }
}
