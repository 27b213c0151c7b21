package io.localfaas.backend.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import io.localfaas.Invocation;
import io.localfaas.Scheduler;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.SpecLoader;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped java17 sample (config/java-hello.yaml) through the scheduler on the process backend: the java17 runtime's
 * launcher as a child process, initializer before the first call. Needs what scripts/setup builds (the bootstrap jar).
 */
class ProcessJavaIT {
    @TempDir
    Path state;

    @Test
    void theJavaSampleRunsAsAChildProcess() throws Exception {
        AppSpec app = SpecLoader.load(Path.of("..", "config", "java-hello.yaml"));
        try (Scheduler s = new Scheduler(app, new ProcessBackend(Probe.RUNTIMES, state), Clock.systemUTC())) {
            s.start();
            Invocation inv = s.invoke("java-hello", Probe.request("name=proc"));
            String body = new String(inv.response().body(), StandardCharsets.UTF_8);
            assertEquals(200, inv.response().status(), body);
            assertTrue(body.contains("\"message\":\"hello proc\"") && body.contains("\"initializedBeforeFirstInvoke\":true"), body);
            assertTrue(body.contains("\"instanceId\":\"" + inv.instanceId() + "\""), body);
        }
    }
}
