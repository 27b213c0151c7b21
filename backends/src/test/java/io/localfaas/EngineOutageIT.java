package io.localfaas;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.Labels;
import io.localfaas.backend.RunningInstance;
import io.localfaas.backend.docker.DockerBackend;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.lifecycle.Ports;
import io.localfaas.port.FunctionSnapshot;
import io.localfaas.port.InstanceView;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.InstanceEnvironment;
import io.localfaas.testing.EngineProxy;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.Test;

/**
 * The Docker engine stops answering (a proxy in front of its socket swallows every answer, while requests still
 * reach it): a request that needs a new instance gets BACKEND_UNAVAILABLE (503) within the client's bounded response
 * timeout, warm instances keep serving, and when the engine answers again the platform recovers and reconciles: a
 * container the engine created while its answer was lost is removed, so nothing runs that no pool knows.
 */
class EngineOutageIT {
    @Test
    void anEngineThatStopsAnsweringIsA503AndThePlatformRecoversWithoutDuplicates() throws Exception {
        try (EngineProxy proxy = new EngineProxy(Path.of("/var/run/docker.sock"));
             DockerBackend inspector = DockerBackend.connect()) {
            var app = Probe.app(Probe.platform(4, Duration.ofSeconds(30), 100),
                    Probe.function("warm", 1, 0, 2), Probe.function("cold", 1, 0, 2));
            // A bound above what a cold start's engine calls take while other test classes start containers too (3 s was
            // not, under three IT forks), below the test's patience for the calls that never get an answer.
            try (Scheduler s = new Scheduler(app, DockerBackend.connect(proxy.dockerHost(), Duration.ofSeconds(10)), Clock.systemUTC())) {
                s.start();
                String warm = s.invoke("warm", Probe.request("")).instanceId();

                proxy.blackhole();
                PlatformException e = assertThrows(PlatformException.class, () -> s.invoke("cold", Probe.request("")));
                assertEquals(Kind.BACKEND_UNAVAILABLE, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
                assertEquals(warm, s.invoke("warm", Probe.request("")).instanceId(), "a warm instance serves without the engine");
                // The engine got the create whose answer was lost: a container of "cold" exists that no pool knows
                // (the reconciliation below has something to remove).
                await().atMost(Duration.ofSeconds(30)).until(() -> inspector.listOwned().stream().anyMatch(o ->
                        OrphanPolicy.selfId().equals(o.labels().get(Labels.PLATFORM)) && "cold".equals(o.labels().get(Labels.FUNCTION))
                                && !knownInstances(s).contains(o.labels().get(Labels.INSTANCE))));

                proxy.restore();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> s.invoke("cold", Probe.request("")).response().status() == 200);
                await().atMost(Duration.ofSeconds(60)).until(() -> ownContainers(inspector).equals(knownInstances(s)));
                assertEquals(2, knownInstances(s).size(), "one instance per function, nothing duplicated");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> ownContainers(inspector).isEmpty());
        }
    }

    @Test
    void everyEngineCallEndsWhenTheEngineStopsAnswering() throws Exception {
        FunctionSpec fn = Probe.function("bounded", 1, 0, 1);
        String id = "bounded-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        int port = new Ports().acquire();
        InstanceLaunch launch = new InstanceLaunch(id, fn.name(), fn.instanceImage(), fn.codeUri(), port, fn.memorySize(),
                InstanceEnvironment.of(fn, id, port, "/code/"), Map.of(Labels.OWNER, Labels.OWNER_VALUE,
                        Labels.PLATFORM, OrphanPolicy.selfId(), Labels.FUNCTION, fn.name(), Labels.INSTANCE, id));
        try (EngineProxy proxy = new EngineProxy(Path.of("/var/run/docker.sock"));
             DockerBackend setUp = DockerBackend.connect();
             DockerBackend docker = DockerBackend.connect(proxy.dockerHost(), Duration.ofSeconds(2))) {
            // Started at the engine's own pace (other test classes start containers at the same time): only the calls
            // made once the engine stopped answering are the subject, and only they are held to the 2 s bound.
            RunningInstance running = setUp.start(launch);
            proxy.blackhole();
            Duration bound = Duration.ofSeconds(30);
            assertThrows(BackendUnavailableException.class, () -> assertTimeoutPreemptively(bound, () -> docker.status(running)), "inspect");
            String logs = assertTimeoutPreemptively(bound, () -> docker.lastLogs(running, 5));
            assertTrue(logs.isEmpty() || logs.startsWith("(logs unavailable"), logs);
            assertThrows(BackendUnavailableException.class, () -> assertTimeoutPreemptively(bound, docker::listOwned), "list");
            assertThrows(BackendUnavailableException.class, () -> assertTimeoutPreemptively(bound, () -> docker.remove(running)), "remove");
            assertThrows(BackendUnavailableException.class, () -> assertTimeoutPreemptively(bound, () -> docker.start(launch)), "create");
            proxy.restore();
        }
        try (DockerBackend inspector = DockerBackend.connect()) {
            // The engine got every request: the remove ran, and so did the second create, whose answer was lost.
            inspector.listOwned().stream().filter(o -> id.equals(o.labels().get(Labels.INSTANCE))).forEach(inspector::remove);
            await().atMost(Duration.ofSeconds(60)).until(() -> inspector.listOwned().stream()
                    .noneMatch(o -> id.equals(o.labels().get(Labels.INSTANCE))));
        }
    }

    private static Set<String> ownContainers(DockerBackend inspector) {
        Set<String> out = new HashSet<>();
        inspector.listOwned().stream().filter(o -> OrphanPolicy.selfId().equals(o.labels().get(Labels.PLATFORM)))
                .forEach(o -> out.add(o.labels().get(Labels.INSTANCE)));
        return out;
    }

    private static Set<String> knownInstances(Scheduler s) {
        Set<String> out = new HashSet<>();
        for (FunctionSnapshot f : s.snapshot().functions()) {
            List<InstanceView> views = f.instances();
            views.forEach(v -> out.add(v.id()));
        }
        return out;
    }
}
