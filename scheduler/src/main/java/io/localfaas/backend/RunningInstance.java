package io.localfaas.backend;

import java.time.Duration;

/**
 * A started instance: the backend's handle for it and where it listens.
 *
 * @param createTime how long the backend took to create it (the rest of {@link InstanceBackend#start} was starting
 *                   it); zero when the backend does not tell the two apart
 */
public record RunningInstance(String instanceId, String backendId, String host, int port, Duration createTime) {
    public RunningInstance(String instanceId, String backendId, String host, int port) {
        this(instanceId, backendId, host, port, Duration.ZERO);
    }
}
