package io.localfaas;

import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.docker.DockerBackend;

/** The watermark policy on the real Docker engine (CPU and memory from the engine's stats streams). */
@org.junit.jupiter.api.Tag("alone") // scales on the CPU it measures
class WatermarkDockerIT extends WatermarkContract {
    @Override
    protected InstanceBackend newBackend() {
        return DockerBackend.connect();
    }
}
