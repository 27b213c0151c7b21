package io.localfaas.logs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.localfaas.backend.ForwardingBackend;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.LogFollow;
import io.localfaas.backend.LogSink;
import io.localfaas.backend.RunningInstance;

/**
 * An {@link InstanceBackend} that captures the output of every instance it starts into a {@link LogStore}: the follow
 * begins when the instance starts (so the runtime's start-up and initializer lines are kept) and ends by itself when
 * the engine removes the instance (closing it at removal could lose the last lines still in flight, such as the
 * pre-stop hook's); whatever still runs is closed with the backend. Everything else is passed on unchanged.
 */
public final class CapturingBackend extends ForwardingBackend {
    private final LogStore store;
    private final Map<String, LogFollow> follows = new ConcurrentHashMap<>();

    public CapturingBackend(InstanceBackend delegate, LogStore store) {
        super(delegate);
        this.store = store;
    }

    @Override
    protected RunningInstance started(InstanceLaunch launch, RunningInstance instance) {
        RequestIds ids = new RequestIds();
        String function = launch.functionName();
        LogSink sink = (stream, text) -> {
            synchronized (ids) {
                store.offer(function, new LogLine(instance.instanceId(), stream, ids.of(text), text));
            }
        };
        follows.put(instance.backendId(), delegate.followLogs(instance, sink));
        return instance;
    }

    @Override
    protected void removed(String backendId) {
        follows.remove(backendId);
    }

    @Override
    public void close() {
        follows.values().forEach(LogFollow::close);
        follows.clear();
        store.close();
        delegate.close();
    }
}
