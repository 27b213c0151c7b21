package io.localfaas.lifecycle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.InstanceStartException;
import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.Labels;
import io.localfaas.backend.RunningInstance;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.pool.Launcher;
import io.localfaas.port.ColdStart;
import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InstanceClient;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.InvokeResponse;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.InstanceEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one instance to the point where it may serve, or fails and leaves nothing behind; pre-stops and removes it
 * at the end. The pools' {@link Launcher} on a real backend.
 */
public final class InstanceLauncher implements Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceLauncher.class);
    private static final int LOG_LINES_ON_FAILURE = 20;
    private static final Duration PRE_STOP_TIMEOUT = Duration.ofSeconds(3);

    private final InstanceBackend backend;
    private final InstanceClient client;
    private final Ports ports;
    private final String platformId;
    private final Duration startTimeout;
    private final ColdStartGate gate;
    private volatile String gatewayUrl;

    public InstanceLauncher(InstanceBackend backend, InstanceClient client, Ports ports, String platformId, Duration startTimeout) {
        this(backend, client, ports, platformId, startTimeout, new ColdStartGate(Integer.MAX_VALUE / 2, startTimeout));
    }

    /** @param gate bounds the cold starts running at once; a launch holds a permit from create to initialized */
    public InstanceLauncher(InstanceBackend backend, InstanceClient client, Ports ports, String platformId, Duration startTimeout,
                            ColdStartGate gate) {
        this.backend = backend;
        this.client = client;
        this.ports = ports;
        this.platformId = platformId;
        this.startTimeout = startTimeout;
        this.gate = gate;
    }

    /**
     * The longest one launch of {@code fn} can take before it succeeds or fails by itself: the wait for a permit and
     * the wait for the port (each bounded by the start timeout), the initializer's timeout, and a margin for the
     * backend's own bounded calls.
     */
    @Override
    public Duration maxLaunchTime(FunctionSpec fn) {
        // plus(), not multipliedBy(2): this runs on every request, and Duration.multipliedBy goes through BigDecimal.
        return startTimeout.plus(startTimeout).plus(fn.initializationTimeout()).plus(Duration.ofSeconds(5));
    }

    public ColdStartGate gate() {
        return gate;
    }

    /**
     * Tells every instance started from now on the gateway's own base URL ({@code http://127.0.0.1:8080}) in
     * {@value InstanceEnvironment#GATEWAY_URL}, so that functions can call each other through it. The composition
     * root sets it once the gateway has bound its port.
     */
    public void gatewayUrl(String url) {
        this.gatewayUrl = url;
    }

    private java.util.Map<String, String> environment(FunctionSpec fn, String instanceId, int port) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>(InstanceEnvironment.of(fn, instanceId, port, "/code/"));
        String url = gatewayUrl;
        if (url != null) {
            env.put(InstanceEnvironment.GATEWAY_URL, url);
        }
        return env;
    }

    /** The function's mounts, their host directories created when missing (see OwnerOnly#mountFolder). */
    private static java.util.List<io.localfaas.backend.Mount> mounts(FunctionSpec fn) {
        java.util.List<io.localfaas.backend.Mount> out = new java.util.ArrayList<>();
        for (var m : fn.mounts()) {
            try {
                // Writable by the instance, and by nobody else of the host (an existing one keeps what its owner gave it).
                io.localfaas.backend.OwnerOnly.mountFolder(m.source());
            } catch (IOException | UnsupportedOperationException e) {
                throw new InstanceStartException("cannot create the mount source " + m.source() + " of " + m.target() + ": " + e, e);
            }
            if (!java.nio.file.Files.isDirectory(m.source())) {
                throw new InstanceStartException("the mount source " + m.source() + " of " + m.target() + " is not a directory", null);
            }
            out.add(new io.localfaas.backend.Mount(m.source(), m.target(), m.readOnly()));
        }
        return out;
    }

    /**
     * Creates, starts, waits for the port, runs the initializer.
     *
     * @param onInitializing called once the instance listens, before the initializer runs
     * @throws PlatformException START_FAILED, INIT_FAILED, INIT_TIMEOUT, BACKEND_UNAVAILABLE, or THROTTLED when no
     *                           cold-start permit frees up within the start timeout
     */
    @Override
    public StartedInstance launch(FunctionSpec fn, String instanceId, Runnable onInitializing) {
        long asked = System.nanoTime();
        gate.enter(fn.name());
        try {
            return launchHoldingPermit(fn, instanceId, onInitializing, Duration.ofNanos(System.nanoTime() - asked));
        } finally {
            gate.leave();
        }
    }

    private StartedInstance launchHoldingPermit(FunctionSpec fn, String instanceId, Runnable onInitializing, Duration permitWait) {
        int port = ports.acquire();
        long t0 = System.nanoTime();
        RunningInstance instance;
        String key = io.localfaas.protocol.InstanceKey.generate();
        try {
            java.util.Map<String, String> env = environment(fn, instanceId, port);
            env.put(io.localfaas.protocol.InstanceKey.ENV, key);
            instance = backend.start(fn, new InstanceLaunch(instanceId, fn.name(), fn.instanceImage(), fn.codeUri(), port,
                    fn.memorySize(), env, Map.of(
                            Labels.OWNER, Labels.OWNER_VALUE,
                            Labels.PLATFORM, platformId,
                            Labels.FUNCTION, fn.name(),
                            Labels.INSTANCE, instanceId), Optional.empty(), mounts(fn), fn.cpuCores())).withKey(key);
        } catch (BackendUnavailableException e) {
            ports.release(port);
            throw PlatformException.of(Kind.BACKEND_UNAVAILABLE, e.getMessage(), e);
        } catch (InstanceStartException e) {
            ports.release(port);
            throw PlatformException.of(Kind.START_FAILED, "function " + fn.name() + ": " + e.getMessage(), e);
        }
        if (instance.port() != port) {
            // Reached at its own address on a port of its own (a custom container's caPort, a stem cell's): the loopback
            // port drawn for it is free again, and discard() releases the instance's own, which was never drawn.
            ports.release(port);
        }
        try {
            long t1 = System.nanoTime();
            awaitListening(fn, instance);
            long t2 = System.nanoTime();
            onInitializing.run();
            initialize(fn, instance);
            long t3 = System.nanoTime();
            Duration createAndStart = Duration.ofNanos(t1 - t0);
            Duration create = instance.createTime().compareTo(createAndStart) <= 0 ? instance.createTime() : createAndStart;
            Optional<Duration> specialised = backend.specialisation(instance);
            ColdStart cs = specialised.isPresent()
                    // The stem cell listened before it was taken: its start is the specialisation (and the port check).
                    ? ColdStart.specialised(permitWait, Duration.ofNanos(t2 - t0), Duration.ofNanos(t3 - t2))
                    : new ColdStart(Duration.ZERO, permitWait, create, createAndStart.minus(create), Duration.ofNanos(t2 - t1),
                    Duration.ofNanos(t3 - t2));
            LOG.info("instance {} of {} ready on 127.0.0.1:{} ({})", instanceId, fn.name(), port, cs.header());
            return new StartedInstance(instance, cs);
        } catch (RuntimeException e) {
            discard(instance);
            throw e;
        }
    }

    /** Polls the port every few milliseconds until it accepts, the process exits, or the start timeout passes. */
    private void awaitListening(FunctionSpec fn, RunningInstance instance) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        long nextStatusCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
        while (true) {
            if (accepts(instance)) {
                return;
            }
            long now = System.nanoTime();
            if (now >= nextStatusCheck) {
                InstanceStatus status = status(instance);
                if (!status.running()) {
                    throw PlatformException.of(Kind.START_FAILED, "instance " + instance.instanceId() + " of " + fn.name() + " "
                            + status.describe() + " before listening on port " + instance.port() + logsFor(instance));
                }
                nextStatusCheck = now + TimeUnit.MILLISECONDS.toNanos(250);
            }
            if (now >= deadline) {
                throw PlatformException.of(Kind.START_FAILED, "instance " + instance.instanceId() + " of " + fn.name()
                        + " did not listen on 127.0.0.1:" + instance.port() + " within " + startTimeout.toMillis() + "ms"
                        + logsFor(instance));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
        }
    }

    /** Whether the instance accepts connections on its port (a cheap liveness probe on loopback). */
    @Override
    public boolean listening(RunningInstance instance) {
        return accepts(instance);
    }

    /**
     * The instance's status once it has stopped running, polling for at most {@code within} (an engine records an
     * exit, an OOM kill in particular, a moment after the connection drops); {@link InstanceStatus#RUNNING} if it still
     * runs then.
     */
    public InstanceStatus exitStatus(RunningInstance instance, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            InstanceStatus s = status(instance);
            if (!s.running() || System.nanoTime() >= deadline) {
                return s;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** Whether {@code instance} accepts a TCP connection on its port now (bounded by a 200 ms connect timeout). */
    public static boolean accepts(RunningInstance instance) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(instance.host(), instance.port()), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void initialize(FunctionSpec fn, RunningInstance instance) {
        if (fn.initializer().isEmpty()) {
            return;
        }
        InvokeRequest call = new InvokeRequest("init-" + instance.instanceId(), ControlPath.INITIALIZE, "POST",
                ControlPath.INITIALIZE.path(), Map.of(), new byte[0], Optional.empty(), Optional.empty());
        InvokeResponse r;
        try {
            r = client.send(instance, fn, call, fn.initializationTimeout());
        } catch (HttpTimeoutException e) {
            throw PlatformException.of(Kind.INIT_TIMEOUT, "the initializer " + fn.initializer().get() + " of " + fn.name()
                    + " did not finish within initializationTimeout " + fn.initializationTimeout().toMillis() + "ms");
        } catch (IOException e) {
            throw PlatformException.of(Kind.START_FAILED, "instance " + instance.instanceId() + " of " + fn.name()
                    + " dropped the connection during initialization (" + status(instance).describe() + ")" + logsFor(instance), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PlatformException.of(Kind.SHUTTING_DOWN, "interrupted while initializing " + fn.name());
        }
        if (r.isFunctionError()) {
            throw PlatformException.initFailed("the initializer " + fn.initializer().get() + " of " + fn.name() + " failed: "
                    + new String(r.body(), StandardCharsets.UTF_8), r.body());
        }
    }

    /** Runs the pre-stop hook (bounded) if the function has one, then removes the instance. Never throws. */
    @Override
    public void retire(FunctionSpec fn, RunningInstance instance) {
        if (fn.preStop().isPresent()) {
            // FC calls a custom runtime's or custom container's hook as GET /pre-stop; our runtimes take either method.
            String method = fn.runtime().servesItself() ? "GET" : "POST";
            InvokeRequest call = new InvokeRequest("prestop-" + instance.instanceId(), ControlPath.PRE_STOP, method,
                    ControlPath.PRE_STOP.path(), Map.of(), new byte[0], Optional.empty(), Optional.empty());
            try {
                client.send(instance, fn, call, PRE_STOP_TIMEOUT);
            } catch (IOException e) {
                LOG.warn("pre-stop of instance {} ({}) failed: {}", instance.instanceId(), fn.name(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        discard(instance);
    }

    /** Removes the instance without pre-stop. Never throws. */
    @Override
    public void discard(RunningInstance instance) {
        try {
            backend.remove(instance);
        } catch (RuntimeException e) {
            LOG.warn("could not remove instance {}: {}", instance.instanceId(), e.getMessage());
        } finally {
            ports.release(instance.port());
        }
    }

    @Override
    public InstanceStatus status(RunningInstance instance) {
        try {
            return backend.status(instance);
        } catch (RuntimeException e) {
            return InstanceStatus.RUNNING; // unknown: the engine did not answer; the caller's own timeout still bounds the wait
        }
    }

    private String logsFor(RunningInstance instance) {
        String logs = backend.lastLogs(instance, LOG_LINES_ON_FAILURE);
        return logs.isEmpty() ? "; it printed nothing" : "; its last output:\n" + logs;
    }
}
