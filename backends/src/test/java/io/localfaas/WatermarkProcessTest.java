package io.localfaas;

import java.nio.file.Path;

import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.process.ProcessBackend;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.io.TempDir;

/** The watermark policy on the process backend (child processes, CPU and memory read from /proc; needs {@code node}). */
@org.junit.jupiter.api.Tag("alone") // scales on the CPU it measures
class WatermarkProcessTest extends WatermarkContract {
    @TempDir
    Path state;

    @Override
    protected InstanceBackend newBackend() {
        return new ProcessBackend(Probe.RUNTIMES, state);
    }
}
