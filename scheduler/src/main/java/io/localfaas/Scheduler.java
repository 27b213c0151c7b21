package io.localfaas;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.lifecycle.Ports;
import io.localfaas.pool.FunctionPool;
import io.localfaas.pool.Lease;
import io.localfaas.pool.Outcome;
import io.localfaas.protocol.InstanceClient;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.InvokeResponse;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler the gateway talks to: one {@link FunctionPool} per function, a shared launcher and instance
 * client, orphan reaping at start and removal of everything at close. Knows nothing of HTTP routing.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final InstanceBackend backend;
    private final InstanceClient client;
    private final InstanceLauncher launcher;
    private final ExecutorService starter;
    private final String platformId;
    private final Map<String, FunctionPool> pools = new LinkedHashMap<>();
    private volatile boolean closed;

    public Scheduler(AppSpec app, InstanceBackend backend, Clock clock) {
        this(app, backend, clock, SchedulerListener.NONE);
    }

    public Scheduler(AppSpec app, InstanceBackend backend, Clock clock, SchedulerListener listener) {
        this.backend = backend;
        this.client = new InstanceClient();
        this.platformId = OrphanPolicy.selfId();
        this.launcher = new InstanceLauncher(backend, client, new Ports(), platformId, app.platform().startTimeout());
        this.starter = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "localfaas-starter");
            t.setDaemon(true);
            return t;
        });
        for (FunctionSpec fn : app.functions()) {
            pools.put(fn.name(), new FunctionPool(fn, launcher, starter, clock, app.platform().maxQueueWait(), listener));
        }
    }

    /** Removes orphans of dead platforms, then starts every function's reserved instances (without waiting). */
    public void start() {
        reapOrphans();
        pools.values().forEach(FunctionPool::ensureMinimum);
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

    public List<FunctionSpec> functions() {
        return pools.values().stream().map(FunctionPool::spec).toList();
    }

    /**
     * Serves one request on an instance of {@code function}, starting one if needed.
     *
     * @throws PlatformException when the platform (not the function) failed; a function's own error is a result
     */
    public Invocation invoke(String function, InvokeRequest request) {
        FunctionPool pool = pools.get(function);
        if (pool == null) {
            throw new IllegalArgumentException("unknown function " + function);
        }
        FunctionSpec fn = pool.spec();
        Lease lease = pool.acquire();
        long t0 = System.nanoTime();
        Outcome outcome = Outcome.CRASHED;
        try {
            InvokeResponse r = client.send(lease.instance(), fn, request, fn.timeout());
            outcome = Outcome.OK;
            return new Invocation(r, lease.instanceId(), lease.coldStart(), lease.queueWait(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (HttpTimeoutException e) {
            outcome = Outcome.TIMED_OUT;
            throw PlatformException.of(Kind.FUNCTION_TIMEOUT, "function " + fn.name() + " timed out after " + fn.timeout().toMillis() + "ms");
        } catch (IOException e) {
            String status = launcher.status(lease.instance()).describe();
            throw PlatformException.of(Kind.INSTANCE_CRASHED, "instance " + lease.instanceId() + " of " + fn.name()
                    + " failed while serving the request (" + status + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PlatformException.of(Kind.SHUTTING_DOWN, "interrupted");
        } catch (BackendUnavailableException e) {
            throw PlatformException.of(Kind.BACKEND_UNAVAILABLE, e.getMessage(), e);
        } finally {
            pool.release(lease, outcome);
        }
    }

    /** Retires every instance of {@code function} (admin API: forces cold starts); how many. */
    public int retireAll(String function) {
        FunctionPool pool = pools.get(function);
        if (pool == null) {
            throw new IllegalArgumentException("unknown function " + function);
        }
        return pool.retireAll("admin");
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
                if (platformId.equals(o.labels().get(io.localfaas.backend.Labels.PLATFORM))) {
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
