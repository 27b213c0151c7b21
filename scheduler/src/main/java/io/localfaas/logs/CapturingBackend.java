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
 * {@link LineFiler} per instance, whose held lines one timer thread lets go when their time is up, and which learns
 * from {@link #sending} which calls are the instance's own (a marker for any other is forged: counted in
 * {@link LogStore#forgedMarkers}, the first of an instance also in the platform's log). Everything else is passed on
 * unchanged.
 */
public final class CapturingBackend extends ForwardingBackend {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CapturingBackend.class);
    private final LogStore store;
    private final Map<String, LogFollow> follows = new ConcurrentHashMap<>();
    /** Each followed instance's filing, by backend id: told which calls are sent to it. */
    private final Map<String, Filing> filings = new ConcurrentHashMap<>();
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
        filings.put(instance.backendId(), filing);
        follows.put(instance.backendId(), delegate.followLogs(instance, sink));
        return instance;
    }

    /** Tells the instance's filing that the call is its own before it is sent, then passes it on. */
    @Override
    public void sending(RunningInstance instance, String requestId) {
        Filing f = filings.get(instance.backendId());
        if (f != null) {
            f.sent(requestId);
        }
        delegate.sending(instance, requestId);
    }

    /** One instance's lines on their way to the store. */
    private final class Filing {
        private final String function;
        private final String instanceId;
        private final LineFiler filer = new LineFiler();
        private boolean toldForged;

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

        synchronized void sent(String requestId) {
            filer.sent(requestId);
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
                if (l.forged()) {
                    CapturingBackend.this.store.forgedMarker(function);
                    if (!toldForged) {
                        toldForged = true;
                        LOG.warn("{}: instance {} printed a marker line for a call it was not sent, filed under no request: {}", function,
                                instanceId, TerminalText.escape(l.text()));
                    }
                }
                CapturingBackend.this.store.offer(function, new LogLine(instanceId, l.stream(), l.requestId(), l.text()));
            }
        }
    }

    @Override
    protected void removed(String backendId) {
        follows.remove(backendId);
        filings.remove(backendId);
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
