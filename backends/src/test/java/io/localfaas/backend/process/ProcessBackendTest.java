package io.localfaas.backend.process;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceBackendContract;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.InstanceStartException;
import io.localfaas.spec.Runtime;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend contract on local child processes (needs {@code node} on the PATH, as the runtime's own tests do). */
class ProcessBackendTest extends InstanceBackendContract {
    @TempDir
    static Path state;
    private static ProcessBackend backend;

    @BeforeAll
    static void create() {
        backend = new ProcessBackend(Probe.RUNTIMES, state);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Override
    protected InstanceBackend backend() {
        return backend;
    }

    @Test
    void findsTheRuntimesBootstrapsInTheRepository() {
        assertTrue(ProcessBackend.hasRuntimes(Probe.RUNTIMES));
    }

    /**
     * Node's heap is capped at the function's memorySize on this backend: a function that outgrows it dies with "heap out
     * of memory", and {@link ProcessBackend#status} reports that as an OOM kill (the scheduler's 502 and retire reason).
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aFunctionThatOutgrowsItsHeapIsReportedAsOutOfMemory() {
        io.localfaas.spec.FunctionSpec busy = busy(128);
        io.localfaas.backend.RunningInstance r = start(busy);
        org.awaitility.Awaitility.await().atMost(LISTEN).until(() -> io.localfaas.lifecycle.InstanceLauncher.accepts(r));
        assertThrows(java.io.IOException.class, () -> client.send(r, busy, Probe.request("heap=2048"), java.time.Duration.ofSeconds(60)));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !backend.status(r).running());
        io.localfaas.backend.InstanceStatus s = backend.status(r);
        assertTrue(s.oomKilled(), s.describe() + "\n" + backend.lastLogs(r, 20));
    }

    @Test
    void customContainersSayTheyAreNotSupported() {
        InstanceStartException e = assertThrows(InstanceStartException.class, () -> backend.start(new InstanceLaunch("x", "f",
                "example/custom:1", Optional.of(Probe.CODE), 1, 128, Map.of(), Map.of())));
        assertTrue(e.getMessage().contains("not supported by the process backend yet"), e.getMessage());
    }
}
