package io.localfaas.logs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.localfaas.backend.ForwardingBackend;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.LogFollow;
import io.localfaas.backend.LogSink;
import io.localfaas.backend.LogStream;
import io.localfaas.backend.RunningInstance;

/**
 * An {@link InstanceBackend} that captures the output of every instance it starts into a {@link LogStore}: the follow
 * begins when the instance starts (so the runtime's start-up and initializer lines are kept) and ends by itself when
 * the engine removes the instance (closing it at removal could lose the last lines still in flight, such as the
 * pre-stop hook's); whatever still runs is closed with the backend. Lines are filed under their requests by a
 * {@link LineFiler} per instance, whose held lines one timer thread lets go when their time is up. Everything else is
 * passed on unchanged.
 */
public final class CapturingBackend extends ForwardingBackend {
    private final LogStore store;
    private final Map<String, LogFollow> follows = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "log-filer");
        t.setDaemon(true);
        return t;
    });

    public CapturingBackend(InstanceBackend delegate, LogStore store) {
        super(delegate);
        this.store = store;
    }

    @Override
    protected RunningInstance started(InstanceLaunch launch, RunningInstance instance) {
        Filing filing = new Filing(launch.functionName(), instance.instanceId());
        LogSink sink = filing::line;
        follows.put(instance.backendId(), delegate.followLogs(instance, sink));
        return instance;
    }

    /** One instance's lines on their way to the store. */
    private final class Filing {
        private final String function;
        private final String instanceId;
        private final LineFiler filer = new LineFiler();

        Filing(String function, String instanceId) {
            this.function = function;
            this.instanceId = instanceId;
        }

        synchronized void line(LogStream stream, String text) {
            boolean holding = filer.nextDue().isPresent();
            store(filer.accept(stream, text, System.nanoTime()));
            if (!holding) {
                letGoWhenDue();
            }
        }

        synchronized void letGo() {
            store(filer.due(System.nanoTime()));
            letGoWhenDue();
        }

        private void letGoWhenDue() {
            filer.nextDue().ifPresent(due -> {
                try {
                    timer.schedule(this::letGo, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closing) {
                    // The backend is closing, and the store with it: what is held stays unwritten.
                }
            });
        }

        private void store(List<LineFiler.Filed> lines) {
            for (LineFiler.Filed l : lines) {
                CapturingBackend.this.store.offer(function, new LogLine(instanceId, l.stream(), l.requestId(), l.text()));
            }
        }
    }

    @Override
    protected void removed(String backendId) {
        follows.remove(backendId);
    }

    @Override
    public void close() {
        follows.values().forEach(LogFollow::close);
        follows.clear();
        timer.shutdownNow();
        store.close();
        delegate.close();
    }
}
