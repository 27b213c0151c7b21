package io.localfaas;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.localfaas.backend.InstanceBackend;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's guarantees on the real engine with stem cells on: every contract case, each cold start taking a
 * stem cell where one serves. What stem cells add is StemCellsDockerIT's (two classes, so that the IT forks share them).
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class SchedulerStemCellsIT extends SchedulerContract {
    @TempDir
    Path tmp;
    private final StemCellBackends backends = new StemCellBackends(() -> tmp.resolve("stem"));

    @Override
    protected InstanceBackend newBackend() {
        return backends.next();
    }

    @Override
    protected Optional<String> hostForInstances() {
        return backends.hostForInstances();
    }
}
