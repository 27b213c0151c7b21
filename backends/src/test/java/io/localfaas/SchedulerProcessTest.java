package io.localfaas;

import java.nio.file.Path;

import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.process.ProcessBackend;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler's guarantees on the process backend (child processes; needs {@code node}). */
class SchedulerProcessTest extends SchedulerContract {
    @TempDir
    Path state;

    @Override
    protected InstanceBackend newBackend() {
        return new ProcessBackend(Probe.RUNTIMES, state);
    }
}
