package io.localfaas.backend.docker;

import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceBackendContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The backend contract on the real Docker engine with the nodejs18 runtime image. */
@org.junit.jupiter.api.Tag("alone") // reads a busy instance's CPU
class DockerBackendIT extends InstanceBackendContract {
    private static DockerBackend backend;

    @BeforeAll
    static void connect() {
        backend = DockerBackend.connect();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Override
    protected InstanceBackend backend() {
        return backend;
    }
}
