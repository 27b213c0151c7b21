package io.localfaas.backend.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import io.localfaas.Invocation;
import io.localfaas.Scheduler;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.SpecLoader;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The python3 sample (sample-functions/python-hello) through the scheduler on the process backend, with the host's
 * python3: the WSGI handler after the initializer; and a layer, whose python/ folder is on PYTHONPATH as /opt/python is
 * in the image.
 */
class ProcessPythonIT {
    @TempDir
    Path dir;

    @Test
    void thePythonSampleAndALayerRunAsAChildProcess() throws Exception {
        Path sample = Path.of("..", "sample-functions", "python-hello").toAbsolutePath().normalize();
        Files.createDirectories(dir.resolve("layer/python"));
        Files.writeString(dir.resolve("layer/python/from_layer.py"), "WORD = 'layered'\n");
        Files.createDirectories(dir.resolve("uses"));
        Files.writeString(dir.resolve("uses/index.py"), "import from_layer\n\ndef handler(event, context):\n    return from_layer.WORD\n");
        Path config = Files.writeString(dir.resolve("faas.yaml"), "service: py\nfunctions:\n"
                + "  python-hello: {runtime: python3, codeUri: " + sample + ", handler: index.handler, initializer: index.initializer}\n"
                + "  uses-layer: {runtime: python3, codeUri: ./uses, handler: index.handler, layers: [./layer]}\n");
        // The sample lives in the repository, outside this temporary project: allowed as --allow-mount would.
        AppSpec app = SpecLoader.read(config, Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString(),
                io.localfaas.spec.Confinement.ALLOW_ENV, sample.toString())).app();
        try (Scheduler s = new Scheduler(app, new ProcessBackend(Probe.RUNTIMES, dir.resolve("proc")), Clock.systemUTC())) {
            s.start();
            Invocation inv = s.invoke("python-hello", Probe.request("name=proc"));
            String body = new String(inv.response().body(), StandardCharsets.UTF_8);
            assertEquals(200, inv.response().status(), body);
            assertTrue(body.contains("\"initCount\": 1") && body.contains("\"instanceId\": \"" + inv.instanceId() + "\""), body);

            Invocation layered = s.invoke("uses-layer", InvokeRequest.event(UUID.randomUUID().toString(), new byte[0]));
            String text = new String(layered.response().body(), StandardCharsets.UTF_8);
            assertFalse(layered.response().isFunctionError(), text);
            assertEquals("layered", text);
        }
    }
}
