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

    @Test
    void customContainersSayTheyAreNotSupported() {
        InstanceStartException e = assertThrows(InstanceStartException.class, () -> backend.start(new InstanceLaunch("x", "f",
                "example/custom:1", Optional.of(Probe.CODE), 1, 128, Map.of(), Map.of())));
        assertTrue(e.getMessage().contains("not supported by the process backend yet"), e.getMessage());
    }
}
