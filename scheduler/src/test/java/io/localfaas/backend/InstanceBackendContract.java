package io.localfaas.backend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.lifecycle.Ports;
import io.localfaas.metrics.MetricsSampler;
import io.localfaas.port.InstanceMetrics;
import io.localfaas.protocol.InstanceClient;
import io.localfaas.protocol.InvokeResponse;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.InstanceEnvironment;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link InstanceBackend} has, run against each implementation (Docker, process) with the probe
 * function: start, listen, serve, status after exit, last output, idempotent removal, and finding and removing
 * instances by their labels (orphan reaping).
 */
public abstract class InstanceBackendContract {
    protected static final Duration LISTEN = Duration.ofSeconds(30);
    private final Ports ports = new Ports();
    protected final InstanceClient client = new InstanceClient();
    private final List<RunningInstance> started = new ArrayList<>();
    /** This live process, so that platforms started meanwhile on the same engine do not reap these as orphans. */
    private final String platform = io.localfaas.OrphanPolicy.selfId();
    private final FunctionSpec fn = Probe.function("probe", 1, 0, 1);

    /** The backend under test; the same one for the whole test. */
    protected abstract InstanceBackend backend();

    private RunningInstance start() {
        return start(fn);
    }

    protected RunningInstance start(FunctionSpec fn) {
        String id = "c" + UUID.randomUUID().toString().substring(0, 8);
        int port = ports.acquire();
        String key = io.localfaas.protocol.InstanceKey.generate();
        Map<String, String> env = new java.util.HashMap<>(InstanceEnvironment.of(fn, id, port, "/code/"));
        env.put(io.localfaas.protocol.InstanceKey.ENV, key);
        RunningInstance r = backend().start(new InstanceLaunch(id, fn.name(), fn.instanceImage(), fn.codeUri(), port, fn.memorySize(),
                env, Map.of(Labels.OWNER, Labels.OWNER_VALUE, Labels.PLATFORM, platform,
                        Labels.FUNCTION, fn.name(), Labels.INSTANCE, id))).withKey(key);
        started.add(r);
        return r;
    }


    /** sample-functions/busy (spin, hold, heap) with {@code memoryMb}. */
    protected static FunctionSpec busy(int memoryMb) {
        return new FunctionSpec("probe", "busy", io.localfaas.spec.Runtime.NODEJS18,
                Optional.of(Probe.CODE.resolveSibling("busy")), io.localfaas.spec.CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(30), memoryMb, 1, 0, 1, Duration.ofMinutes(5),
                Map.of(), List.of());
    }

    private InvokeResponse get(RunningInstance r, String query) throws Exception {
        return client.send(r, fn, Probe.request(query), Duration.ofSeconds(10));
    }

    /**
     * A busy instance's CPU and memory are read through {@link InstanceBackend#usage}: while the busy function spins,
     * the sampler sees it use CPU (a good part of a core, far above an idle instance's), and its working set.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aBusyInstancesCpuAndMemoryAreRead() throws Exception {
        FunctionSpec busy = busy(1024);
        RunningInstance r = start(busy);
        await().atMost(LISTEN).until(() -> InstanceLauncher.accepts(r));
        MetricsSampler sampler = new MetricsSampler(backend());
        MetricsSampler.Target target = MetricsSampler.Target.of(r, busy.memorySize());
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ExecutorService load = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            // Bounded: at most 60 one-second spins, and it stops as soon as the assertion holds.
            load.submit(() -> {
                for (int i = 0; i < 60 && !stop.get(); i++) {
                    client.send(r, busy, Probe.request("spin=1000"), Duration.ofSeconds(10));
                }
                return null;
            });
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                sampler.sample(List.of(target));
                InstanceMetrics m = sampler.latest(r.instanceId()).orElseThrow(() -> new AssertionError("no reading yet"));
                assertTrue(m.cpuCores().isPresent() && m.cpuCores().getAsDouble() > 0.05, "busy: " + m); // an idle instance reads ~0; a spinning one on a busy machine may get little
                assertTrue(m.memoryBytes().isPresent() && m.memoryBytes().getAsLong() > 1024 * 1024, "memory: " + m);
                assertTrue(m.memory().getAsDouble() < 1, "against its limit: " + m);
            });
        } finally {
            stop.set(true);
            load.shutdown();
            assertTrue(load.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @AfterEach
    void removeEverything() {
        started.forEach(r -> backend().remove(r));
    }

    @Test
    void startedInstanceListensServesAndIsListedWithItsLabels() throws Exception {
        RunningInstance r = start();
        // Loopback (process backend), or the instance's own address on the engine's instances' network (docker).
        await().atMost(LISTEN).until(() -> InstanceLauncher.accepts(r));
        assertTrue(backend().status(r).running());
        InvokeResponse answer = get(r, "sleep=1");
        assertEquals(200, answer.status(), new String(answer.body(), StandardCharsets.UTF_8));
        assertTrue(new String(answer.body(), StandardCharsets.UTF_8).contains("\"instanceId\":\"" + r.instanceId() + "\""));
        await().atMost(LISTEN).until(() -> backend().lastLogs(r, 50).contains("probe GET"));
        InvokeResponse keyless = client.send(r.withKey(""), fn, Probe.request("sleep=1"), Duration.ofSeconds(10));
        assertEquals(403, keyless.status(), "the instance key reached the runtime out of band: a call without it is refused");
        assertTrue(!backend().lastLogs(r, 50).contains(r.key()), "the key is never printed");
        Optional<OwnedInstance> listed = backend().listOwned().stream()
                .filter(o -> r.instanceId().equals(o.labels().get(Labels.INSTANCE))).findFirst();
        assertTrue(listed.isPresent(), "listed by its labels");
        assertEquals(platform, listed.get().labels().get(Labels.PLATFORM));
        assertEquals(fn.name(), listed.get().labels().get(Labels.FUNCTION));
    }

    @Test
    void followingTheOutputDeliversItsLinesUntilClosed() throws Exception {
        RunningInstance r = start();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LogFollow follow = backend().followLogs(r, (stream, line) -> lines.add(line))) {
            await().atMost(LISTEN).until(() -> InstanceLauncher.accepts(r));
            assertEquals(200, get(r, "").status());
            await().atMost(LISTEN).until(() -> lines.stream().anyMatch(l -> l.contains("probe GET")));
        }
    }

    @Test
    void statusAfterExitHasTheExitCodeAndTheOutputStaysReadable() {
        RunningInstance r = start();
        await().atMost(LISTEN).until(() -> InstanceLauncher.accepts(r));
        assertThrows(IOException.class, () -> get(r, "crash=1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !backend().status(r).running());
        InstanceStatus s = backend().status(r);
        assertEquals(3, s.exitCode(), s.describe());
        assertFalse(s.oomKilled());
        assertTrue(backend().lastLogs(r, 50).contains("probe GET"), "output of a dead instance is still there");
    }

    @Test
    void removeIsIdempotentAndTheInstanceIsGone() {
        RunningInstance r = start();
        await().atMost(LISTEN).until(() -> InstanceLauncher.accepts(r));
        backend().remove(r);
        assertDoesNotThrow(() -> backend().remove(r));
        assertFalse(backend().status(r).running());
        await().atMost(Duration.ofSeconds(10)).until(() -> !InstanceLauncher.accepts(r));
        assertTrue(backend().listOwned().stream().noneMatch(o -> r.instanceId().equals(o.labels().get(Labels.INSTANCE))));
    }

    @Test
    void anInstanceFoundByItsLabelsCanBeRemovedAsAnOrphan() {
        RunningInstance r = start();
        await().atMost(LISTEN).until(() -> InstanceLauncher.accepts(r));
        OwnedInstance orphan = backend().listOwned().stream()
                .filter(o -> r.instanceId().equals(o.labels().get(Labels.INSTANCE))).findFirst().orElseThrow();
        assertEquals(platform, orphan.labels().get(Labels.PLATFORM));
        backend().remove(orphan);
        assertDoesNotThrow(() -> backend().remove(orphan));
        await().atMost(Duration.ofSeconds(10)).until(() -> !InstanceLauncher.accepts(r));
        assertTrue(backend().listOwned().stream().noneMatch(o -> r.instanceId().equals(o.labels().get(Labels.INSTANCE))));
    }
}
