package io.localfaas.backend;

import java.util.List;

/** An {@link InstanceBackend} that passes every call to another; decorators override what they add to. */
public abstract class ForwardingBackend implements InstanceBackend {
    protected final InstanceBackend delegate;

    protected ForwardingBackend(InstanceBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public RunningInstance start(InstanceLaunch launch) {
        return started(launch, delegate.start(launch));
    }

    @Override
    public RunningInstance start(io.localfaas.spec.FunctionSpec fn, InstanceLaunch launch) {
        return started(launch, delegate.start(fn, launch));
    }

    /**
     * Called with every instance the delegate started (either {@code start}), before it is returned: decorators that
     * follow instances override this rather than the two starts.
     */
    protected RunningInstance started(InstanceLaunch launch, RunningInstance instance) {
        return instance;
    }

    @Override
    public InstanceStatus status(RunningInstance instance) {
        return delegate.status(instance);
    }

    @Override
    public String lastLogs(RunningInstance instance, int lines) {
        return delegate.lastLogs(instance, lines);
    }

    @Override
    public LogFollow followLogs(RunningInstance instance, LogSink sink) {
        return delegate.followLogs(instance, sink);
    }

    @Override
    public java.util.Optional<InstanceUsage> usage(RunningInstance instance) {
        return delegate.usage(instance);
    }

    @Override
    public void resize(RunningInstance instance, int memoryMb) {
        delegate.resize(instance, memoryMb);
    }

    @Override
    public java.util.Optional<java.time.Duration> specialisation(RunningInstance instance) {
        return delegate.specialisation(instance);
    }

    @Override
    public void sending(RunningInstance instance, String requestId) {
        delegate.sending(instance, requestId);
    }

    @Override
    public void remove(RunningInstance instance) {
        try {
            delegate.remove(instance);
        } finally {
            removed(instance.backendId());
        }
    }

    @Override
    public List<OwnedInstance> listOwned() {
        return delegate.listOwned();
    }

    @Override
    public void remove(OwnedInstance instance) {
        try {
            delegate.remove(instance);
        } finally {
            removed(instance.backendId());
        }
    }

    /** Called after the engine was asked to remove an instance (whether or not that succeeded). */
    protected void removed(String backendId) {
    }

    @Override
    public void close() {
        delegate.close();
    }
}
