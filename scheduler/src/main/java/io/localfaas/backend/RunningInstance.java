package io.localfaas.backend;

import java.time.Duration;

/**
 * A started instance: the backend's handle for it and where it listens.
 *
 * @param createTime how long the backend took to create it (the rest of {@link InstanceBackend#start} was starting
 *                   it); zero when the backend does not tell the two apart
 * @param key        the instance's key (io.localfaas.protocol.InstanceKey), sent on every call; empty for none
 */
public record RunningInstance(String instanceId, String backendId, String host, int port, Duration createTime, String key) {
    public RunningInstance(String instanceId, String backendId, String host, int port, Duration createTime) {
        this(instanceId, backendId, host, port, createTime, "");
    }

    public RunningInstance(String instanceId, String backendId, String host, int port) {
        this(instanceId, backendId, host, port, Duration.ZERO);
    }

    /** This instance, called with {@code key}. */
    public RunningInstance withKey(String key) {
        return new RunningInstance(instanceId, backendId, host, port, createTime, key);
    }

    /** Never the key: a record's default would print it into logs. */
    @Override
    public String toString() {
        return "RunningInstance[instanceId=" + instanceId + ", backendId=" + backendId + ", host=" + host + ", port=" + port
                + ", createTime=" + createTime + "]";
    }
}
