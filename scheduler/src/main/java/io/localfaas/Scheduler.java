package io.localfaas;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.failure.PlatformException;
import io.localfaas.lifecycle.ColdStartGate;
import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.lifecycle.Ports;
import io.localfaas.pool.FunctionPool;
import io.localfaas.pool.Outcome;
import io.localfaas.pool.RetireReason;
import io.localfaas.pool.Ticker;
import io.localfaas.port.Calls;
import io.localfaas.port.Desired;
import io.localfaas.port.FunctionSnapshot;
import io.localfaas.port.Happened;
import io.localfaas.port.InstanceMetrics;
import io.localfaas.port.Platform;
import io.localfaas.port.PoolCalls;
import io.localfaas.port.Reload;
import io.localfaas.port.SchedulerListener;
import io.localfaas.port.SchedulerSnapshot;
import io.localfaas.protocol.InstanceClient;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.PlatformSpec;

/**
 * The scheduler the gateway and the CLI talk to: a facade over three parts that it wires with one launcher, one
 * instance client, a starter executor and a platform-wide bound on cold starts running at once
 * ({@code platform.maxColdStarts}):
 * <ul>
 * <li>{@link PoolRegistry}: one {@link FunctionPool} per function, replaced by {@link #reload} and
 * {@link #instanceConcurrency} while the old pools drain;</li>
 * <li>{@link Housekeeping}: the reaper's loop, once a second (pools' idle retirement by the injected clock, reserved
 * instances kept up, metric sampling and the watermark policy, reconciliation with the backend's labelled instances),
 * orphan reaping at start and removal of everything at shutdown;</li>
 * <li>{@link InstanceCalls}: the call to a leased instance and the classification of its failure.</li>
 * </ul>
 * The pools read time from {@link Ticker#of(Clock)} of the clock given here. Knows nothing of HTTP routing.
 * {@link #snapshot()} is the read-only view for metrics and the admin API.
 */
public final class Scheduler implements Platform, AutoCloseable {
    private final InstanceBackend backend;
    private final InstanceClient client;
    private final InstanceLauncher launcher;
    private final ExecutorService starter;
    private final ScheduledExecutorService reaper;
    private final ColdStartGate gate;
    private final int maxColdStarts;
    private final PlatformSpec platform;
    private final PoolRegistry registry;
    private final Housekeeping housekeeping;
    private final InstanceCalls calls;
    private final Calls ports;
    private volatile boolean closed;

    public Scheduler(AppSpec app, InstanceBackend backend, Clock clock) {
        this(app, backend, clock, SchedulerListener.NONE);
    }

    public Scheduler(AppSpec app, InstanceBackend backend, Clock clock, SchedulerListener listener) {
        this.backend = backend;
        this.client = new InstanceClient(backend::sending);
        this.platform = app.platform();
        String platformId = OrphanPolicy.selfId();
        this.maxColdStarts = platform.maxColdStarts();
        this.gate = new ColdStartGate(maxColdStarts, platform.startTimeout());
        this.launcher = new InstanceLauncher(backend, client, new Ports(), platformId, platform.startTimeout(), gate);
        this.reaper = Executors.newSingleThreadScheduledExecutor(daemon("localfaas-reaper"));
        this.starter = Executors.newCachedThreadPool(daemon("localfaas-starter"));
        Ticker ticker = Ticker.of(clock);
        Housekeeping.Outages outages = new Housekeeping.Outages();
        SchedulerListener poolListener = outages.noticing(listener);
        this.registry = new PoolRegistry(app.functions(), fn -> new FunctionPool(fn, launcher, starter, ticker, platform.maxQueueWait(),
                platform.maxQueue(), poolListener), starter);
        this.housekeeping = new Housekeeping(registry, backend, platformId, clock, reaper, outages);
        this.calls = new InstanceCalls(client, launcher, reaper, () -> closed);
        this.ports = new PoolCalls(this, backend::sending);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Applies a new configuration while serving: a function whose spec is unchanged keeps its pool and warm
     * instances; a changed one gets a new pool (new instances) while its old pool drains in the background (in-flight
     * requests finish within the function's timeout, then pre-stop and removal); a removed one drains and goes.
     * Platform settings keep the values this scheduler started with.
     */
    public Reload reload(AppSpec app) {
        if (closed) {
            throw new IllegalStateException("the scheduler is shut down");
        }
        return registry.reload(app.functions());
    }

    /**
     * The gateway's base URL, given to every instance started from now on as {@code LOCALFAAS_GATEWAY_URL}
     * (runtime-images/PROTOCOL.md). Call it before {@link #start()} so that reserved instances get it too.
     */
    public void gatewayUrl(String url) {
        launcher.gatewayUrl(url);
    }

    /**
     * Removes orphans of dead platforms, starts every function's reserved instances (without waiting), and starts the
     * housekeeping loop.
     */
    public void start() {
        housekeeping.start();
    }

    /**
     * One housekeeping step of every pool at the clock's current time (see {@link FunctionPool#tick()}), metric
     * sampling and the watermark policy; every {@value Housekeeping#RECONCILE_EVERY_TICKS} ticks, and on the first
     * tick after the backend answers again, also {@link #reconcile()}. The reaper calls it once a second; tests call it
     * after advancing their clock.
     */
    public void tick() {
        housekeeping.tick();
    }

    /** An instance's latest CPU, memory and disk figures; empty before its first reading or once it is gone. */
    @Override
    public Optional<InstanceMetrics> instanceMetrics(String instanceId) {
        return housekeeping.instanceMetrics(instanceId);
    }

    @Override
    public Optional<Desired> watermarkDesired(String function) {
        return housekeeping.watermarkDecision(function).map(d -> new Desired(d.desired(), d.why()));
    }

    @Override
    public boolean serves(String function) {
        return registry.pool(function).isPresent();
    }

    /**
     * Removes instances labelled as this platform's that no pool knows (for example one whose start the engine
     * completed after the platform gave up waiting for it, while the engine did not answer), so that what runs matches
     * what the pools hold and no instance is ever counted twice. Returns how many it removed.
     *
     * @throws BackendUnavailableException when the backend does not answer
     */
    public int reconcile() {
        return housekeeping.reconcile();
    }

    /** The read-only view of every pool, for metrics and the admin API. */
    @Override
    public SchedulerSnapshot snapshot() {
        List<FunctionSnapshot> fns = registry.pools().values().stream().map(FunctionPool::snapshot).toList();
        return new SchedulerSnapshot(fns, gate.running(), gate.waiting(), maxColdStarts);
    }

    /** Removes instances labelled by platforms that no longer run; returns how many. */
    public int reapOrphans() {
        return housekeeping.reapOrphans();
    }

    public Optional<FunctionPool> pool(String function) {
        return registry.pool(function);
    }

    /** The functions served; the same list object until a {@link #reload} changes them (callers may cache by identity). */
    @Override
    public List<FunctionSpec> functions() {
        return registry.functions();
    }

    /**
     * Serves one request on an instance of {@code function}, starting one if needed.
     *
     * @throws PlatformException when the platform (not the function) failed, FUNCTION_NOT_FOUND for a function that
     *                           does not exist (a reload may remove one after a request was routed to it); a function's
     *                           own error is a result
     */
    public Invocation invoke(String function, InvokeRequest request) {
        return calls.invoke(registry.acquire(function), request);
    }

    /**
     * A slot on a READY instance of {@code function} if one has room now: never waits, starts nothing beyond what the
     * scaler's rule asks for (see {@link FunctionPool#tryAcquire()}). Safe on an I/O thread. Give it back with
     * {@link #release}; when empty, {@link #invoke} (off the I/O thread) waits for one.
     *
     * @throws PlatformException FUNCTION_NOT_FOUND
     */
    public Optional<Leased> tryAcquire(String function) {
        return registry.tryAcquire(function);
    }

    /** Gives a slot back to the pool it came from; {@code outcome} decides whether the instance serves again. */
    public void release(Leased leased, Outcome outcome) {
        leased.release(outcome);
    }

    /**
     * What a call on {@code leased} that failed with {@code e} before its answer arrived means: the failure the
     * request sees and the outcome to {@link #release} the lease with (see {@link InstanceCalls#failure}). May block up
     * to {@link InstanceCalls#EXIT_REPORT_WAIT}: never call it on an I/O thread.
     *
     * @param callStartedNanos {@link System#nanoTime()} when the call began
     */
    public CallFailure failure(Leased leased, IOException e, long callStartedNanos) {
        return calls.failure(leased, e, callStartedNanos);
    }

    /**
     * A slot on an instance of {@code function}, waiting as {@link #invoke} does (worker threads only). Give it back
     * with {@link #release}.
     *
     * @throws PlatformException as {@link #invoke}
     */
    public Leased acquire(String function) {
        return registry.acquire(function);
    }

    /** As {@link #failure(Leased, IOException, long)}, from what happened; blocks only when {@link Happened#asksEngine()}. */
    public CallFailure failure(Leased leased, Happened what, long callStartedNanos) {
        return calls.failure(leased, what, callStartedNanos);
    }

    /** The port the gateway calls instances through (see {@link Calls}). */
    @Override
    public Calls calls() {
        return ports;
    }

    /** Retires every instance of {@code function} (admin API: forces cold starts); how many. */
    @Override
    public int retireAll(String function) {
        return registry.require(function).retireAll(RetireReason.ADMIN);
    }

    /**
     * Restarts {@code function}'s pool with another instanceConcurrency (admin API, for {@code faas tune}): the same
     * as a {@link #reload} in which only that value changed, so the old pool drains and goes. It lasts until the next
     * reload of the configuration file.
     *
     * @throws io.localfaas.spec.SpecViolation (an {@code IllegalArgumentException}) when the value is not 1-200
     */
    @Override
    public Reload instanceConcurrency(String function, int value) {
        if (closed) {
            throw new IllegalStateException("the scheduler is shut down");
        }
        return registry.instanceConcurrency(function, value);
    }

    /** The last {@code lines} lines of an instance's output; empty when the instance is gone. Never throws. */
    @Override
    public String instanceLogs(String function, String instanceId, int lines) {
        return registry.pool(function).flatMap(p -> p.running(instanceId)).map(r -> backend.lastLogs(r, lines)).orElse("");
    }

    /** Drains every pool within {@code grace}, runs pre-stop, removes every instance this platform created. */
    public void shutdown(Duration grace) {
        if (closed) {
            return;
        }
        closed = true;
        housekeeping.stop();
        reaper.shutdownNow();
        registry.close(grace);
        starter.shutdown();
        try {
            if (!starter.awaitTermination(grace.toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                starter.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        housekeeping.removeOwn();
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
        client.close();
        backend.close();
    }
}
