package io.localfaas.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.localfaas.backend.RunningInstance;
import io.localfaas.failure.PlatformException;
import io.localfaas.port.Calls;
import io.localfaas.port.Happened;
import io.localfaas.port.Slot;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.RequestHead;
import io.localfaas.spec.FunctionSpec;

/**
 * A recording {@link Calls}: one instance at {@code 127.0.0.1:port}; {@link #free} says whether {@link #tryTake} finds
 * its slot at once. Records the thread of every take and give, and what each give said happened.
 */
final class FakeCalls implements Calls {
    final AtomicBoolean free = new AtomicBoolean(true);
    /** Whether {@link #take} refuses as the pool does when maxInstances is reached and the queue full. */
    final AtomicBoolean throttle = new AtomicBoolean(false);
    final List<String> tryTakeThreads = new CopyOnWriteArrayList<>();
    final List<String> takeThreads = new CopyOnWriteArrayList<>();
    final List<String> giveThreads = new CopyOnWriteArrayList<>();
    final List<Happened> given = new CopyOnWriteArrayList<>();
    /** The request ids the call path said it was sending, in order. */
    final List<String> sent = new CopyOnWriteArrayList<>();
    private final FunctionSpec spec;
    private volatile int port;

    FakeCalls(FunctionSpec spec, int port) {
        this.spec = spec;
        this.port = port;
    }

    void port(int port) {
        this.port = port;
    }

    private Slot slot() {
        RunningInstance instance = new RunningInstance("i-fake", "b-fake", "127.0.0.1", port).withKey("k-fake");
        return new Slot() {
            @Override
            public String instanceId() {
                return instance.instanceId();
            }

            @Override
            public String host() {
                return instance.host();
            }

            @Override
            public int port() {
                return instance.port();
            }

            @Override
            public FunctionSpec spec() {
                return spec;
            }

            @Override
            public Optional<String> coldStart() {
                return Optional.empty();
            }

            @Override
            public Duration queueWait() {
                return Duration.ZERO;
            }

            @Override
            public void sending(String requestId) {
                sent.add(requestId);
            }

            @Override
            public RequestHead head(InvokeRequest request, long contentLength) {
                return RequestHead.of(instance, spec, request, contentLength);
            }

            @Override
            public java.util.List<RequestHead.Header> instanceHeaders() {
                return RequestHead.instanceHeaders(instance, spec);
            }
        };
    }

    @Override
    public Optional<Slot> tryTake(String function) {
        tryTakeThreads.add(Thread.currentThread().getName());
        if (!function.equals(spec.name())) {
            throw PlatformException.of(PlatformException.Kind.FUNCTION_NOT_FOUND, "function " + function + " not found");
        }
        return free.get() ? Optional.of(slot()) : Optional.empty();
    }

    @Override
    public Slot take(String function) {
        takeThreads.add(Thread.currentThread().getName());
        if (throttle.get()) {
            throw PlatformException.throttled("function " + function + " is at its maxInstances and its queue is full", Duration.ofSeconds(1));
        }
        return slot();
    }

    @Override
    public void give(Slot slot, Happened what) {
        giveThreads.add(Thread.currentThread().getName());
        given.add(what);
    }

    @Override
    public PlatformException fail(Slot slot, Happened what, long callStartedNanos) {
        give(slot, what);
        return what == Happened.TIMED_OUT ? PlatformException.of(PlatformException.Kind.FUNCTION_TIMEOUT, "timed out")
                : PlatformException.crashed("instance i-fake crashed", "{\"errorMessage\":\"crashed\"}".getBytes());
    }

    @Override
    public Optional<String> errorType(InvokeRequest request, int status, Optional<String> errorTypeHeader) {
        return errorTypeHeader;
    }

    @Override
    public Answered invoke(String function, InvokeRequest request) {
        takeThreads.add(Thread.currentThread().getName());
        return new Answered("i-fake", Optional.empty(), request.body());
    }
}
