package io.localfaas.backend.docker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.localfaas.Scheduler;
import io.localfaas.backend.InstanceUsage;
import io.localfaas.backend.RunningInstance;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;
import io.localfaas.spec.TriggerSpec;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPU as FC sizes it, on the real engine: a 128 MB function with {@code cpu: 0.1} has that limit (inspect), and its busy
 * loop uses no more than it (the engine's own CPU counter over the call, against the call's wall time); one without
 * {@code cpu} gets the derived size (one core).
 */
@Timeout(180)
class CpuLimitDockerIT {
    private static final Path BUSY = Probe.CODE.resolveSibling("busy");
    private final DockerBackend backend = DockerBackend.connect();
    private Scheduler scheduler;

    private static FunctionSpec busy(String name, OptionalDouble cpu) {
        return new FunctionSpec("probe", name, Runtime.NODEJS18, Optional.of(BUSY), CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(60), 128, 1, 1, 1, Duration.ofMinutes(30),
                Map.of(), List.of(new TriggerSpec("/" + name, Set.of("GET"))), FunctionSpec.DEFAULT_CA_PORT, List.of(), List.of(),
                List.of(), io.localfaas.spec.ScalingSpec.CONCURRENCY, cpu);
    }

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        backend.close();
    }

    @Test
    void aSmallFunctionsBusyLoopStaysWithinItsCpu() throws Exception {
        scheduler = new Scheduler(Probe.app(Probe.platform(4, Duration.ofSeconds(60), 100), busy("capped", OptionalDouble.of(0.1)),
                busy("derived", OptionalDouble.empty())), backend, Clock.systemUTC());
        scheduler.start();
        try (DockerClient docker = client()) {
            String capped = container(docker, "capped");
            String derived = container(docker, "derived");
            assertEquals(100_000_000L, nanoCpus(docker, capped));
            assertEquals(DockerBackend.nanoCpus(1.0, docker.infoCmd().exec().getNCPU()), nanoCpus(docker, derived));

            RunningInstance instance = new RunningInstance("capped", capped, "", 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> backend.usage(instance).flatMap(u -> u.cpuNanos().isPresent()
                    ? Optional.of(u) : Optional.empty()).isPresent());
            long before = cpuNanos(instance);
            long t0 = System.nanoTime();
            assertEquals(200, scheduler.invoke("capped", Probe.request("spin=3000")).response().status()); // busy for 3 s of wall time
            long wall = System.nanoTime() - t0;
            // The engine's counter is read from a stream that lags by up to a second or two: wait for it to pass the call.
            await().atMost(Duration.ofSeconds(30)).until(() -> backend.usage(instance).map(InstanceUsage::readAt)
                    .filter(at -> at.isAfter(java.time.Instant.now().minusMillis(500))).isPresent());
            long used = cpuNanos(instance) - before;
            double cores = (double) used / wall;
            System.out.printf("capped busy loop: %.3f cores over %d ms (limit 0.1)%n", cores, wall / 1_000_000);
            // A hard limit (the CFS quota): well under what an unlimited loop takes (a whole core), with room for accounting.
            assertTrue(cores < 0.2, "a busy loop under cpu: 0.1 used " + cores + " cores");
            assertTrue(used > 0, "the engine counted no CPU for the busy loop");
        }
    }

    private long cpuNanos(RunningInstance instance) {
        return backend.usage(instance).orElseThrow().cpuNanos().orElseThrow();
    }

    /** The container of the function's instance, once the engine has it. */
    private String container(DockerClient docker, String function) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> scheduler.snapshot().functions().stream()
                .filter(f -> f.function().equals(function)).flatMap(f -> f.instances().stream())
                .flatMap(i -> docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(io.localfaas.backend.Labels.INSTANCE, i.id())).exec().stream())
                .map(com.github.dockerjava.api.model.Container::getId).findFirst(), Optional::isPresent).orElseThrow();
    }

    private static long nanoCpus(DockerClient docker, String container) {
        HostConfig h = docker.inspectContainerCmd(container).exec().getHostConfig();
        return h.getNanoCPUs();
    }

    private static DockerClient client() {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .responseTimeout(Duration.ofSeconds(30)).build());
    }
}
