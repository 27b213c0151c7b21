package io.localfaas.port;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import io.localfaas.Invocation;
import io.localfaas.Leased;
import io.localfaas.Scheduler;
import io.localfaas.backend.RunningInstance;
import io.localfaas.failure.PlatformException;
import io.localfaas.protocol.InstanceClient;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.RequestHead;
import io.localfaas.spec.FunctionSpec;

/** {@link Calls} over the scheduler's pools: a slot is a lease on the pool it came from. */
public final class PoolCalls implements Calls {
    private final Scheduler scheduler;
    private final BiConsumer<RunningInstance, String> sending;

    /** A lease as the gateway sees it; {@code sending} is told of each call that goes to its instance. */
    private record LeasedSlot(Leased leased, List<RequestHead.Header> instanceHeaders, BiConsumer<RunningInstance, String> sending)
            implements Slot {
        @Override
        public String instanceId() {
            return leased.lease().instanceId();
        }

        @Override
        public String host() {
            return leased.lease().instance().host();
        }

        @Override
        public int port() {
            return leased.lease().instance().port();
        }

        @Override
        public FunctionSpec spec() {
            return leased.spec();
        }

        @Override
        public Optional<String> coldStart() {
            return leased.lease().coldStart().map(ColdStart::header);
        }

        @Override
        public Duration queueWait() {
            return leased.lease().queueWait();
        }

        @Override
        public void sending(String requestId) {
            sending.accept(leased.lease().instance(), requestId);
        }

        @Override
        public RequestHead head(InvokeRequest request, long contentLength) {
            sending(request.requestId());
            return RequestHead.of(leased.lease().instance(), leased.spec(), request, contentLength);
        }
    }

    /** Each instance's own headers, made on its first call (again when its function's spec was replaced). */
    private record Made(FunctionSpec spec, List<RequestHead.Header> headers) {
    }

    private static final int MADE_KEPT = 4096;
    private final ConcurrentHashMap<String, Made> made = new ConcurrentHashMap<>();

    private LeasedSlot slot(Leased leased) {
        String id = leased.lease().instanceId();
        Made m = made.get(id);
        if (m == null || m.spec() != leased.spec()) {
            if (made.size() >= MADE_KEPT) {
                made.clear(); // retired instances' entries: made again on demand
            }
            m = new Made(leased.spec(), RequestHead.instanceHeaders(leased.lease().instance(), leased.spec()));
            made.put(id, m);
        }
        return new LeasedSlot(leased, m.headers(), sending);
    }

    /** @param sending told of each call (instance, request id) before it is sent */
    public PoolCalls(Scheduler scheduler, BiConsumer<RunningInstance, String> sending) {
        this.scheduler = scheduler;
        this.sending = sending;
    }

    @Override
    public Optional<Slot> tryTake(String function) {
        return scheduler.tryAcquire(function).map(this::slot);
    }

    @Override
    public Slot take(String function) {
        return slot(scheduler.acquire(function));
    }

    @Override
    public void give(Slot slot, Happened what) {
        leased(slot).release(what.outcome());
    }

    @Override
    public PlatformException fail(Slot slot, Happened what, long callStartedNanos) {
        PlatformException seen;
        try {
            seen = scheduler.failure(leased(slot), what, callStartedNanos).exception();
        } finally {
            leased(slot).release(what.outcome());
        }
        return seen;
    }

    private static Leased leased(Slot slot) {
        if (slot instanceof LeasedSlot l) {
            return l.leased();
        }
        throw new IllegalArgumentException("not a slot of this platform: " + slot);
    }

    @Override
    public Optional<String> errorType(InvokeRequest request, int status, Optional<String> errorTypeHeader) {
        return InstanceClient.errorType(request, status, errorTypeHeader);
    }

    @Override
    public Answered invoke(String function, InvokeRequest request) {
        Invocation inv = scheduler.invoke(function, request);
        return new Answered(inv.instanceId(), inv.response().errorType(), inv.response().body());
    }
}
