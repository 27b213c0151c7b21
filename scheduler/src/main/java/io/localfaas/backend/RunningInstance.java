package io.localfaas.backend;

/** A started instance: the backend's handle for it and where it listens. */
public record RunningInstance(String instanceId, String backendId, String host, int port) {
}
