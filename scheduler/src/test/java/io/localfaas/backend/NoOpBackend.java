package io.localfaas.backend;

import java.util.List;

/** A backend for tests that does nothing: instances run, have no output, nothing is owned. Override what a test needs. */
public abstract class NoOpBackend implements InstanceBackend {
    @Override
    public InstanceStatus status(RunningInstance instance) {
        return InstanceStatus.RUNNING;
    }

    @Override
    public String lastLogs(RunningInstance instance, int lines) {
        return "";
    }

    @Override
    public void remove(RunningInstance instance) {
    }

    @Override
    public List<OwnedInstance> listOwned() {
        return List.of();
    }

    @Override
    public void remove(OwnedInstance instance) {
    }

    @Override
    public void close() {
    }
}
