package io.localfaas.backend.docker;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.CustomContainer;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.InstanceStartException;
import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.InstanceUsage;
import io.localfaas.backend.Labels;
import io.localfaas.backend.LogFollow;
import io.localfaas.backend.LogSink;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.backend.RunningInstance;

/**
 * Runs instances as Docker containers, each in a network namespace of its own on the instances' network
 * ({@link InstanceNetwork}: no traffic between instances, reached by the platform at its address there), the code mounted read-only at
 * {@code /code}, and a hardened default: read-only root filesystem, tmpfs {@code /tmp}, no capabilities,
 * no-new-privileges, memory = memory+swap = memorySize, CPU shares in proportion to memory, a pids limit, bounded
 * logs. Every engine call is bounded by the HTTP client's connect and response timeouts.
 */
public final class DockerBackend implements InstanceBackend {
    /** How the user starts an engine when none answers. */
    public static final String HOW_TO_START = "start one with `sudo dockerd &` (or run scripts/setup, which installs and starts it)";

    private static final long PIDS_LIMIT = 512;

    private final DockerEngine engine;
    /** Whether {@link #close()} closes the engine too (the backend was given it to own). */
    private final boolean ownsEngine;
    private final DockerClient docker;
    private final String host;
    private final DockerLogFollower logFollower;
    private final DockerStats stats;
    private volatile InstanceNetwork network;
    /** The engine's CPU count, read once (a CPU limit above it is refused by the engine). */
    private volatile int engineCpus;

    private DockerBackend(DockerEngine engine, boolean ownsEngine) {
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        this.docker = engine.client();
        this.host = engine.host();
        this.logFollower = new DockerLogFollower(engine);
        this.stats = new DockerStats(engine);
    }

    /**
     * A backend on {@code engine}, which it takes over: closing the backend closes the engine. Asks nothing of the
     * engine (the composition root pings it once).
     */
    public static DockerBackend over(DockerEngine engine) {
        return new DockerBackend(engine, true);
    }

    /**
     * Connects to the engine named by {@code DOCKER_HOST} (default {@code unix:///var/run/docker.sock}) and checks
     * that it answers.
     *
     * @throws BackendUnavailableException when it does not, saying how to start one
     */
    public static DockerBackend connect() {
        return over(DockerEngine.fromEnvironment().pingOrClose());
    }

    /**
     * Connects to the engine at {@code dockerHost} (for example {@code tcp://127.0.0.1:2375}), every response bounded
     * by {@code responseTimeout}.
     */
    public static DockerBackend connect(String dockerHost, Duration responseTimeout) {
        return over(DockerEngine.at(dockerHost, responseTimeout).pingOrClose());
    }

    /** The engine this backend talks to. */
    public DockerEngine engine() {
        return engine;
    }

    @Override
    public RunningInstance start(InstanceLaunch launch) {
        boolean isolated = launch.customContainer().isPresent() || InstanceNetwork.isolated(launch);
        HostConfig hostConfig = HostConfig.newHostConfig()
                .withNetworkMode(isolated ? network().name() : "host")
                .withMemory(launch.memoryMb() * 1024L * 1024L)
                .withMemorySwap(launch.memoryMb() * 1024L * 1024L)
                .withCpuShares(Math.max(2, launch.memoryMb()))
                .withNanoCPUs(nanoCpus(launch.cpus(), engineCpus()))
                .withPidsLimit(PIDS_LIMIT)
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=512m,mode=1777"))
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                // The local driver: followed line by line (the platform reads every instance's output), it costs the engine
                // about half of what json-file does (bench/RESULTS.md); docker logs reads it as well.
                .withLogConfig(new LogConfig(LogConfig.LoggingType.LOCAL, Map.of("max-size", "10m", "max-file", "2")));
        // Non-recursive binds: what is mounted below a source on the host stays out of the instance.
        List<Mount> binds = new ArrayList<>();
        launch.codeDir().ifPresent(code -> binds.add(NonRecursiveBind.of(code.toString(),
                codeMountPoint(code.getFileName().toString(), Files.isRegularFile(code)), true)));
        launch.mounts().forEach(m -> binds.add(NonRecursiveBind.of(m.source().toString(), m.target(), m.readOnly())));
        if (!binds.isEmpty()) {
            hostConfig.withMounts(binds);
        }
        List<String> env = new ArrayList<>();
        launch.environment().forEach((k, v) -> env.add(k + "=" + v));
        if (isolated && launch.customContainer().isEmpty()) {
            // In its own network namespace the runtime listens on the container's address, which only the host reaches.
            env.removeIf(e -> e.startsWith("FC_SERVER_HOST="));
            env.add("FC_SERVER_HOST=0.0.0.0");
        }
        String name = "localfaas-" + launch.functionName() + "-" + launch.instanceId();
        long createStarted = System.nanoTime();
        String id = call("create container " + name, () -> {
            try {
                CreateContainerCmd create = docker.createContainerCmd(launch.image())
                        .withName(name)
                        .withEnv(env)
                        .withLabels(launch.labels())
                        .withHostConfig(hostConfig);
                launch.customContainer().ifPresent(c -> DockerCustomContainers.apply(create, hostConfig, c,
                        isolated ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(launch.port())));
                return create.exec().getId();
            } catch (NotFoundException e) {
                throw new InstanceStartException("image " + launch.image() + " not found: " + (launch.image().startsWith("localfaas/runtime-")
                        ? "run scripts/setup to build the runtime images"
                        : "build it with `docker build -t " + launch.image() + " DIR` or pull it with `docker pull " + launch.image() + "`"), e);
            } catch (DockerException e) {
                throw new InstanceStartException("cannot create container from " + launch.image() + ": " + e.getMessage().trim(), e);
            }
        });
        RunningInstance instance = new RunningInstance(launch.instanceId(), id, "127.0.0.1", launch.port(),
                Duration.ofNanos(System.nanoTime() - createStarted));
        try {
            call("start container " + name, () -> {
                try {
                    return docker.startContainerCmd(id).exec();
                } catch (DockerException e) {
                    throw new InstanceStartException("cannot start container " + name + ": " + e.getMessage().trim(), e);
                }
            });
            if (isolated) {
                // Reached at its address on the instances' network (no published port, no proxy on the way), on the port it
                // listens on: the platform's for a built-in runtime, its own (caPort) for a custom container. A container
                // that has already exited has no address: it stays as it is, and the readiness wait reports how it ended.
                int port = launch.customContainer().map(CustomContainer::containerPort).orElse(launch.port());
                RunningInstance started = instance;
                instance = address(id, name).map(a -> new RunningInstance(started.instanceId(), id, a, port, started.createTime()))
                        .orElse(instance);
            }
        } catch (RuntimeException e) {
            remove(instance);
            throw e;
        }
        return instance;
    }

    /** The container's address on the instances' network, once started; empty when it has none (it exited already). */
    private Optional<String> address(String id, String name) {
        return call("inspect container " + name, () -> {
            var networks = docker.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks();
            var on = networks == null ? null : networks.get(InstanceNetwork.NAME);
            return on == null || on.getIpAddress() == null || on.getIpAddress().isBlank()
                    ? Optional.<String>empty() : Optional.of(on.getIpAddress());
        });
    }

    /** The instances' network, created at the first start that needs it. */
    private InstanceNetwork network() {
        InstanceNetwork n = network;
        if (n == null) {
            synchronized (this) {
                if (network == null) {
                    network = call("create the instances' network", () -> InstanceNetwork.ensure(docker));
                }
                n = network;
            }
        }
        return n;
    }

    /**
     * The address instances reach the host at (the gateway opens a listener there for them), or empty when the engine
     * cannot make the instances' network.
     */
    public Optional<String> instanceGatewayAddress() {
        try {
            return Optional.of(network().gateway());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Where the code is mounted: a folder at {@code /code}; a single file (a java17 jar) inside it, at
     * {@code /code/<name>}, as fun local does, so the runtime's code path stays {@code /code}.
     */
    static String codeMountPoint(String fileName, boolean isFile) {
        return isFile ? "/code/" + fileName : "/code";
    }

    /** {@code docker update}: memory = memory+swap = {@code memoryMb}, CPU shares in proportion, as {@link #start} sets them. */
    @Override
    public void resize(RunningInstance instance, int memoryMb) {
        long bytes = memoryMb * 1024L * 1024L;
        call("update container " + instance.instanceId(), () -> {
            try {
                return docker.updateContainerCmd(instance.backendId()).withMemory(bytes).withMemorySwap(bytes)
                        .withCpuShares(Math.max(2, memoryMb)).exec();
            } catch (DockerException e) {
                throw new InstanceStartException("cannot set the limits of container " + instance.backendId() + " to " + memoryMb + " MB: "
                        + e.getMessage().trim(), e);
            }
        });
    }

    @Override
    public InstanceStatus status(RunningInstance instance) {
        return call("inspect container", () -> {
            try {
                InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(instance.backendId()).exec().getState();
                if (Boolean.TRUE.equals(state.getRunning())) {
                    return InstanceStatus.RUNNING;
                }
                Long code = state.getExitCodeLong();
                return new InstanceStatus(false, code == null ? null : code.intValue(), Boolean.TRUE.equals(state.getOOMKilled()));
            } catch (NotFoundException e) {
                return new InstanceStatus(false, null, false);
            }
        });
    }

    @Override
    public String lastLogs(RunningInstance instance, int lines) {
        StringBuilder out = new StringBuilder();
        try {
            docker.logContainerCmd(instance.backendId())
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(lines)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            synchronized (out) {
                                out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                            }
                        }
                    })
                    .awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            return "(logs unavailable: " + e.getMessage() + ")";
        }
        synchronized (out) {
            return out.toString().strip();
        }
    }

    @Override
    public LogFollow followLogs(RunningInstance instance, LogSink sink) {
        return logFollower().follow(instance.backendId(), sink);
    }

    @Override
    public Optional<InstanceUsage> usage(RunningInstance instance) {
        try {
            return stats().usage(instance.backendId());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void remove(RunningInstance instance) {
        forgetStats(instance.backendId());
        removeContainer(instance.backendId());
    }

    private void forgetStats(String id) {
        stats.forget(id);
    }

    @Override
    public List<OwnedInstance> listOwned() {
        List<Container> containers = call("list containers", () -> docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(Labels.OWNER, Labels.OWNER_VALUE))
                .exec());
        return containers.stream()
                .map(c -> new OwnedInstance(c.getId(), c.getLabels() == null ? Map.of() : c.getLabels()))
                .toList();
    }

    @Override
    public void remove(OwnedInstance instance) {
        forgetStats(instance.backendId());
        removeContainer(instance.backendId());
    }

    private void removeContainer(String id) {
        call("remove container", () -> {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // already gone
            } catch (DockerException e) {
                if (!String.valueOf(e.getMessage()).contains("already in progress")) {
                    throw e;
                }
            }
            return null;
        });
    }

    /** Runs one engine call; a failure to reach the engine becomes {@link BackendUnavailableException}. */
    /**
     * The CPU limit of an instance, in billionths of a core: its vCPU (as FC sizes it), at most the engine's cores, at
     * least the engine's smallest limit (0.01 core). Pure.
     */
    static long nanoCpus(double cpus, int engineCpus) {
        return Math.max(10_000_000L, Math.round(Math.min(cpus, Math.max(1, engineCpus)) * 1e9));
    }

    private int engineCpus() {
        int n = engineCpus;
        if (n == 0) {
            Integer reported = call("info", () -> docker.infoCmd().exec().getNCPU());
            n = reported == null || reported < 1 ? java.lang.Runtime.getRuntime().availableProcessors() : reported;
            engineCpus = n;
        }
        return n;
    }

    private <T> T call(String what, Supplier<T> action) {
        return EngineCalls.call(host, what, action);
    }

    @Override
    public void close() {
        logFollower.close();
        stats.close();
        if (ownsEngine) {
            engine.close();
        }
    }

    /** The log follower (for tests of the wiring). */
    DockerLogFollower logFollower() {
        return logFollower;
    }

    DockerStats stats() {
        return stats;
    }
}
