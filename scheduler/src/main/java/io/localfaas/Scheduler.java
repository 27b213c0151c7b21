package io.localfaas;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.Labels;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.failure.FunctionErrors;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.lifecycle.ColdStart;
import io.localfaas.lifecycle.ColdStartGate;
import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.lifecycle.Ports;
import io.localfaas.metrics.InstanceMetrics;
import io.localfaas.metrics.MetricsSampler;
import io.localfaas.metrics.WatermarkController;
import io.localfaas.pool.InstanceState;
import io.localfaas.pool.InstanceView;
import io.localfaas.scaling.WatermarkDecision;
import io.localfaas.pool.FunctionPool;
import io.localfaas.pool.FunctionSnapshot;
import io.localfaas.pool.Lease;
import io.localfaas.pool.Outcome;
import io.localfaas.pool.RetireReason;
import io.localfaas.pool.Ticker;
import io.localfaas.protocol.InstanceClient;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.InvokeResponse;
import io.localfaas.protocol.StreamedBody;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.PlatformSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler the gateway talks to: one {@link FunctionPool} per function, a shared launcher and instance
 * client, a platform-wide bound on cold starts running at once ({@code platform.maxColdStarts}), a reaper that ticks
 * every pool once a second (idle retirement by the injected clock, reserved instances kept up, reconciliation with the
 * backend's labelled instances), orphan reaping at start and removal of everything at close. Knows nothing of HTTP
 * routing. {@link #snapshot()} is the read-only view for metrics and the admin API.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** How long after a dropped connection the engine gets to report the instance's exit (and an OOM kill). */
    private static final Duration EXIT_REPORT_WAIT = Duration.ofSeconds(3);
    private static final long TICK_MILLIS = 1000;
    private static final int RECONCILE_EVERY_TICKS = 30;

    private final InstanceBackend backend;
    private final InstanceClient client;
    private final InstanceLauncher launcher;
    private final ExecutorService starter;
    private final String platformId;
    private final ScheduledExecutorService reaper;
    private final ColdStartGate gate;
    private final int maxColdStarts;
    /** Replaced whole (never mutated) by {@link #reload}. */
    private volatile Map<String, FunctionPool> pools;
    /** The specs of {@link #pools}, replaced with them: the same list object until the next reload. */
    private volatile List<FunctionSpec> functions;
    /** Pools a reload retired that still finish their requests. */
    private final Set<FunctionPool> draining = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final Ticker ticker;
    private final SchedulerListener listener;
    private final PlatformSpec platform;
    private volatile boolean closed;
    private volatile boolean backendDown;
    private long ticks;
    /** Every READY instance's CPU, memory and disk, read once per tick. */
    private final MetricsSampler sampler;
    /** The watermark policy of the functions that have it, run once per tick after sampling. */
    private final WatermarkController watermarks;

    public Scheduler(AppSpec app, InstanceBackend backend, Clock clock) {
        this(app, backend, clock, SchedulerListener.NONE);
    }

    public Scheduler(AppSpec app, InstanceBackend backend, Clock clock, SchedulerListener listener) {
        this.backend = backend;
        this.client = new InstanceClient();
        this.platformId = OrphanPolicy.selfId();
        this.maxColdStarts = app.platform().maxColdStarts();
        this.gate = new ColdStartGate(maxColdStarts, app.platform().startTimeout());
        this.launcher = new InstanceLauncher(backend, client, new Ports(), platformId, app.platform().startTimeout(), gate);
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "localfaas-reaper");
            t.setDaemon(true);
            return t;
        });
        this.starter = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "localfaas-starter");
            t.setDaemon(true);
            return t;
        });
        this.clock = clock;
        this.ticker = Ticker.of(clock);
        this.listener = listener;
        this.platform = app.platform();
        this.sampler = new MetricsSampler(backend);
        this.watermarks = new WatermarkController(sampler);
        Map<String, FunctionPool> initial = new LinkedHashMap<>();
        for (FunctionSpec fn : app.functions()) {
            initial.put(fn.name(), newPool(fn));
        }
        this.pools = Collections.unmodifiableMap(initial);
        this.functions = specsOf(pools);
    }

    private static List<FunctionSpec> specsOf(Map<String, FunctionPool> pools) {
        return pools.values().stream().map(FunctionPool::spec).toList();
    }

    private FunctionPool newPool(FunctionSpec fn) {
        return new FunctionPool(fn, launcher, starter, ticker, platform.maxQueueWait(), platform.maxQueue(), noticingOutages(listener));
    }

    /** What {@link #reload} does, by function name. */
    public record Reload(List<String> added, List<String> changed, List<String> removed, List<String> unchanged) {
        /** Pure: compares the running functions with the new ones (a function is unchanged when its spec is equal). */
        public static Reload plan(List<FunctionSpec> running, List<FunctionSpec> next) {
            Map<String, FunctionSpec> before = new LinkedHashMap<>();
            running.forEach(f -> before.put(f.name(), f));
            List<String> added = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            List<String> unchanged = new ArrayList<>();
            for (FunctionSpec f : next) {
                FunctionSpec old = before.remove(f.name());
                (old == null ? added : old.equals(f) ? unchanged : changed).add(f.name());
            }
            return new Reload(List.copyOf(added), List.copyOf(changed), List.copyOf(before.keySet()), List.copyOf(unchanged));
        }
    }

    /**
     * Applies a new configuration while serving: a function whose spec is unchanged keeps its pool and warm
     * instances; a changed one gets a new pool (new instances) while its old pool drains in the background (in-flight
     * requests finish within the function's timeout, then pre-stop and removal); a removed one drains and goes.
     * Platform settings keep the values this scheduler started with.
     */
    public synchronized Reload reload(AppSpec app) {
        if (closed) {
            throw new IllegalStateException("the scheduler is shut down");
        }
        Map<String, FunctionPool> current = pools;
        Reload plan = Reload.plan(functions(), app.functions());
        Map<String, FunctionPool> next = new LinkedHashMap<>();
        List<FunctionPool> fresh = new ArrayList<>();
        for (FunctionSpec fn : app.functions()) {
            if (plan.unchanged().contains(fn.name())) {
                next.put(fn.name(), current.get(fn.name()));
            } else {
                FunctionPool pool = newPool(fn);
                next.put(fn.name(), pool);
                fresh.add(pool);
            }
        }
        current.forEach((name, old) -> {
            if (next.get(name) != old) {
                draining.add(old);
            }
        });
        pools = Collections.unmodifiableMap(next);
        functions = specsOf(pools);
        plan.changed().forEach(watermarks::forget); // a changed function's window starts again
        fresh.forEach(FunctionPool::ensureMinimum);
        for (FunctionPool old : List.copyOf(draining)) {
            if (current.containsValue(old)) {
                starter.execute(() -> {
                    old.close(old.spec().timeout().plusSeconds(1));
                    draining.remove(old);
                });
            }
        }
        LOG.info("reloaded: added {}, changed {}, removed {}, unchanged {}", plan.added(), plan.changed(), plan.removed(), plan.unchanged());
        return plan;
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
     * reaper.
     */
    public void start() {
        reapOrphans();
        pools.values().forEach(FunctionPool::ensureMinimum);
        reaper.scheduleWithFixedDelay(this::tickQuietly, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * One housekeeping step of every pool at the clock's current time (see {@link FunctionPool#tick()}); every
     * {@value #RECONCILE_EVERY_TICKS} ticks, and on the first tick after the backend answers again, also
     * {@link #reconcile()}. The reaper calls it once a second; tests call it after advancing their clock.
     */
    public synchronized void tick() {
        if (closed) {
            return;
        }
        pools.values().forEach(FunctionPool::tick);
        scaleOnMetrics();
        ticks++;
        if (backendDown || ticks % RECONCILE_EVERY_TICKS == 0) {
            try {
                reconcile();
                if (backendDown) {
                    LOG.info("the backend answers again");
                }
                backendDown = false;
            } catch (BackendUnavailableException e) {
                backendDown = true;
            }
        }
    }

    /**
     * Samples every READY instance once (the backend holds its latest reading: no engine call here), then applies the
     * watermark policy of each function that has it: instances started at once when a mark is passed, idle ones
     * retired once the window has passed under every mark. Functions under the concurrency policy are left to their
     * pool's own rule.
     */
    private void scaleOnMetrics() {
        List<MetricsSampler.Target> targets = new ArrayList<>();
        for (FunctionPool p : pools.values()) {
            for (InstanceView v : p.views()) {
                if (v.state() == InstanceState.READY) {
                    p.running(v.id()).ifPresent(r -> targets.add(MetricsSampler.Target.of(r, p.spec().memorySize())));
                }
            }
        }
        sampler.sample(targets);
        watermarks.retain(pools.keySet());
        java.time.Instant now = clock.instant();
        for (FunctionPool p : pools.values()) {
            watermarks.decide(p.spec(), p.snapshot(), now).ifPresent(d -> {
                if (d.toStart() > 0 || d.toRetire() > 0) {
                    LOG.info("{}: {} instance(s) wanted ({}): starting {}, retiring {}", p.spec().name(), d.desired(), d.why(), d.toStart(),
                            d.toRetire());
                    p.scaleBy(d.toStart(), d.toRetire());
                }
            });
        }
    }

    /** An instance's latest CPU, memory and disk figures; empty before its first reading or once it is gone. */
    public Optional<InstanceMetrics> instanceMetrics(String instanceId) {
        return sampler.latest(instanceId);
    }

    /** The watermark policy's last decision for a function (empty under the concurrency policy). */
    public Optional<WatermarkDecision> watermarkDecision(String function) {
        return watermarks.last(function);
    }

    /** Passes events on, and marks the backend down when a start failed because it did not answer. */
    private SchedulerListener noticingOutages(SchedulerListener listener) {
        return new SchedulerListener() {
            @Override
            public void instanceReady(FunctionSpec fn, String instanceId, ColdStart coldStart) {
                listener.instanceReady(fn, instanceId, coldStart);
            }

            @Override
            public void instanceFailed(FunctionSpec fn, String instanceId, PlatformException failure) {
                if (failure.kind() == Kind.BACKEND_UNAVAILABLE) {
                    backendDown = true;
                }
                listener.instanceFailed(fn, instanceId, failure);
            }

            @Override
            public void instanceRetired(FunctionSpec fn, String instanceId, String reason) {
                listener.instanceRetired(fn, instanceId, reason);
            }
        };
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("housekeeping failed: {}", e.getMessage());
        }
    }

    /**
     * Removes instances labelled as this platform's that no pool knows (for example one whose start the engine
     * completed after the platform gave up waiting for it, while the engine did not answer), so that what runs matches
     * what the pools hold and no instance is ever counted twice. Returns how many it removed.
     *
     * @throws BackendUnavailableException when the backend does not answer
     */
    public int reconcile() {
        Set<String> known = new HashSet<>();
        pools.values().forEach(p -> known.addAll(p.instanceIds()));
        draining.forEach(p -> known.addAll(p.instanceIds()));
        int removed = 0;
        for (OwnedInstance o : backend.listOwned()) {
            if (platformId.equals(o.labels().get(Labels.PLATFORM)) && !known.contains(o.labels().get(Labels.INSTANCE))) {
                // Read again: an instance whose start just finished is known by now.
                Set<String> now = new HashSet<>();
                pools.values().forEach(p -> now.addAll(p.instanceIds()));
                draining.forEach(p -> now.addAll(p.instanceIds()));
                if (!now.contains(o.labels().get(Labels.INSTANCE))) {
                    backend.remove(o);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            LOG.info("removed {} instance(s) no pool knew of", removed);
        }
        return removed;
    }

    /** The read-only view of every pool, for metrics and the admin API. */
    public SchedulerSnapshot snapshot() {
        List<FunctionSnapshot> fns = pools.values().stream().map(FunctionPool::snapshot).toList();
        return new SchedulerSnapshot(fns, gate.running(), gate.waiting(), maxColdStarts);
    }

    /** Removes instances labelled by platforms that no longer run; returns how many. */
    public int reapOrphans() {
        int removed = 0;
        for (OwnedInstance o : backend.listOwned()) {
            if (OrphanPolicy.isOrphan(o.labels(), platformId, OrphanPolicy::alive)) {
                backend.remove(o);
                removed++;
            }
        }
        if (removed > 0) {
            LOG.info("removed {} orphaned instance(s) left by a platform that no longer runs", removed);
        }
        return removed;
    }

    public Optional<FunctionPool> pool(String function) {
        return Optional.ofNullable(pools.get(function));
    }

    /** The functions served; the same list object until a {@link #reload} changes them (callers may cache by identity). */
    public List<FunctionSpec> functions() {
        return functions;
    }

    /**
     * Serves one request on an instance of {@code function}, starting one if needed.
     *
     * @throws PlatformException when the platform (not the function) failed, FUNCTION_NOT_FOUND for a function that
     *                           does not exist (a reload may remove one after a request was routed to it); a function's
     *                           own error is a result
     */
    public Invocation invoke(String function, InvokeRequest request) {
        Leased leased = acquire(function);
        return invokeOn(leased.pool(), leased.lease(), request);
    }

    /**
     * Like {@link #invoke}, but returns once the instance's response headers arrived; the body is read from the
     * returned handle, which holds the instance's slot until the body was copied or the handle closed (the caller must
     * close it), and at most until the function's timeout, counted from now, passes. With {@code body} present the
     * request body is forwarded as it is read from there, instead of {@link InvokeRequest#body()}.
     *
     * @throws PlatformException   as {@link #invoke}
     * @throws UncheckedIOException when reading {@code body} failed (the client's fault: the instance is not blamed)
     */
    public StreamedInvocation invokeStreaming(String function, InvokeRequest request, Optional<StreamedBody> body) {
        Leased leased = acquire(function);
        FunctionPool pool = leased.pool();
        Lease lease = leased.lease();
        FunctionSpec fn = pool.spec();
        long t0 = System.nanoTime();
        ClientBody clientBody = new ClientBody();
        Optional<StreamedBody> watched = body.map(clientBody::watch);
        InstanceClient.Opened r = call(pool, lease, t0, () -> client.open(lease.instance(), fn, request, watched, fn.timeout()),
                () -> clientBody.failed);
        StreamedInvocation inv = new StreamedInvocation(r.status(), r.headers(), InstanceClient.errorType(request, r.status(), r.headers()), r.body(),
                lease.instanceId(), lease.coldStart(), lease.queueWait(), o -> pool.release(lease, o));
        long left = fn.timeout().toNanos() - (System.nanoTime() - t0);
        try {
            inv.deadline(reaper.schedule(inv::timeOut, Math.max(0, left), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            inv.close();
            throw PlatformException.of(Kind.SHUTTING_DOWN, "the platform is shutting down");
        }
        return inv;
    }

    /** A call to an instance, up to its answer (or its headers). */
    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code call} on the leased instance; when it fails, releases the lease with what the failure says of the
     * instance and throws what the request sees. On success the caller owns the lease.
     *
     * @param clientFailed whether a failure was the client's (its request body could not be read): then the instance
     *                     is not blamed and an {@link UncheckedIOException} is thrown
     */
    private <T> T call(FunctionPool pool, Lease lease, long t0, Call<T> call, BooleanSupplier clientFailed) {
        FunctionSpec fn = pool.spec();
        Outcome outcome = Outcome.CRASHED;
        try {
            T result = call.run();
            outcome = null;
            return result;
        } catch (IOException e) {
            if (clientFailed.getAsBoolean()) {
                outcome = Outcome.OK;
                throw new UncheckedIOException("could not read the request body from the client", e);
            }
            outcome = outcomeOf(e);
            throw failure(e, fn, lease, t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PlatformException.of(Kind.SHUTTING_DOWN, "interrupted");
        } catch (BackendUnavailableException e) {
            throw PlatformException.of(Kind.BACKEND_UNAVAILABLE, e.getMessage(), e);
        } finally {
            if (outcome != null) {
                pool.release(lease, outcome);
            }
        }
    }

    /** Wraps the client's body and remembers whether reading it failed or ended before its declared length. */
    private static final class ClientBody {
        private volatile boolean failed;

        StreamedBody watch(StreamedBody body) {
            return new StreamedBody(() -> new FilterInputStream(body.source().get()) {
                private long read;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    try {
                        int n = super.read(buf, off, len);
                        if (n < 0 && read < body.length()) {
                            failed = true;
                        }
                        read += Math.max(n, 0);
                        return n;
                    } catch (IOException e) {
                        failed = true;
                        throw e;
                    }
                }
            }, body.length());
        }
    }

    private record Leased(FunctionPool pool, Lease lease) {
    }

    private Leased acquire(String function) {
        FunctionPool pool = pools.get(function);
        if (pool == null) {
            throw PlatformException.of(Kind.FUNCTION_NOT_FOUND, "function '" + function + "' does not exist");
        }
        // No retry, on another instance or on this one: the function may already have run the request.
        Lease lease;
        try {
            lease = pool.acquire();
        } catch (PlatformException e) {
            FunctionPool now = pools.get(function);
            if (now == null || now == pool || closed) {
                throw e;
            }
            // A reload retired this pool while the request waited: the function's new pool serves it.
            pool = now;
            lease = pool.acquire();
        }
        return new Leased(pool, lease);
    }

    private Invocation invokeOn(FunctionPool pool, Lease lease, InvokeRequest request) {
        FunctionSpec fn = pool.spec();
        long t0 = System.nanoTime();
        InvokeResponse r = call(pool, lease, t0, () -> client.send(lease.instance(), fn, request, fn.timeout()), () -> false);
        pool.release(lease, Outcome.OK);
        return new Invocation(r, lease.instanceId(), lease.coldStart(), lease.queueWait(), Duration.ofNanos(System.nanoTime() - t0));
    }

    /** How a call that failed with {@code e} before its answer arrived leaves the instance. */
    private static Outcome outcomeOf(IOException e) {
        return e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException) ? Outcome.TIMED_OUT : Outcome.CRASHED;
    }

    /** What a request sees when its call failed with {@code e} before the answer arrived. */
    private PlatformException failure(IOException e, FunctionSpec fn, Lease lease, long t0) {
        if (closed) {
            // The shutdown removed the instance under a request still running after the drain's grace period.
            return PlatformException.of(Kind.SHUTTING_DOWN, "localfaas shut down before function " + fn.name()
                    + " answered (the request was still running when the drain's grace period ended)");
        }
        if (e instanceof HttpConnectTimeoutException) {
            return crashed(fn, lease, "did not accept the connection", t0);
        } else if (e instanceof HttpTimeoutException) {
            return timedOut(fn, lease);
        } else if (e instanceof ConnectException) {
            return crashed(fn, lease, "refused the connection", t0);
        }
        return crashed(fn, lease, "failed while serving the request", t0);
    }

    private static PlatformException timedOut(FunctionSpec fn, Lease lease) {
        return PlatformException.of(Kind.FUNCTION_TIMEOUT, "function " + fn.name() + " timed out after " + fn.timeout().toMillis()
                + "ms (instance " + lease.instanceId() + " is replaced: it may still be running the request)");
    }

    /** The failure for an instance that died or dropped the connection, saying whether it was killed for memory. */
    private PlatformException crashed(FunctionSpec fn, Lease lease, String what, long t0) {
        InstanceStatus status = launcher.exitStatus(lease.instance(), EXIT_REPORT_WAIT);
        String how = status.oomKilled()
                ? "was killed for running out of memory (OOM: memorySize " + fn.memorySize() + " MB)"
                : status.running() ? what : what + " (" + status.describe() + ")";
        return PlatformException.crashed("instance " + lease.instanceId() + " of " + fn.name() + " " + how + "; it is replaced",
                FunctionErrors.processExited(Duration.ofNanos(System.nanoTime() - t0), status));
    }

    /** Retires every instance of {@code function} (admin API: forces cold starts); how many. */
    public int retireAll(String function) {
        FunctionPool pool = pools.get(function);
        if (pool == null) {
            throw PlatformException.of(Kind.FUNCTION_NOT_FOUND, "function '" + function + "' does not exist");
        }
        return pool.retireAll(RetireReason.ADMIN);
    }

    /**
     * Restarts {@code function}'s pool with another instanceConcurrency (admin API, for {@code faas tune}): the same
     * as a {@link #reload} in which only that value changed, so the old pool drains and goes. It lasts until the next
     * reload of the configuration file.
     *
     * @throws io.localfaas.spec.SpecViolation (an {@code IllegalArgumentException}) when the value is not 1-200
     */
    public synchronized Reload instanceConcurrency(String function, int value) {
        List<FunctionSpec> fns = new ArrayList<>();
        boolean found = false;
        for (FunctionSpec f : functions()) {
            if (f.name().equals(function)) {
                found = true;
                f = f.withInstanceConcurrency(value); // mounts and the scaling block kept
            }
            fns.add(f);
        }
        if (!found) {
            throw PlatformException.of(Kind.FUNCTION_NOT_FOUND, "function '" + function + "' does not exist");
        }
        return reload(new AppSpec(null, fns.get(0).service(), platform, fns));
    }

    /** The last {@code lines} lines of an instance's output; empty when the instance is gone. Never throws. */
    public String instanceLogs(String function, String instanceId, int lines) {
        FunctionPool pool = pools.get(function);
        if (pool == null) {
            return "";
        }
        return pool.running(instanceId).map(r -> backend.lastLogs(r, lines)).orElse("");
    }

    /** Drains every pool within {@code grace}, runs pre-stop, removes every instance this platform created. */
    public void shutdown(Duration grace) {
        if (closed) {
            return;
        }
        closed = true;
        reaper.shutdownNow();
        for (FunctionPool p : pools.values()) {
            int abandoned = p.close(grace);
            if (abandoned > 0) {
                LOG.warn("{} request(s) of {} still running after the {}ms grace period", abandoned, p.spec().name(), grace.toMillis());
            }
        }
        starter.shutdown();
        try {
            if (!starter.awaitTermination(grace.toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                starter.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Anything still labelled as ours (an instance whose start finished during shutdown) goes too.
        try {
            for (OwnedInstance o : backend.listOwned()) {
                if (platformId.equals(o.labels().get(Labels.PLATFORM))) {
                    backend.remove(o);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not list instances to remove at shutdown: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
        client.close();
        backend.close();
    }
}
