package io.localfaas;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.Labels;
import io.localfaas.port.FunctionSnapshot;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.testing.HttpLatch;
import io.localfaas.testing.MutableClock;
import io.localfaas.testing.Probe;
import io.localfaas.testing.RetiredRecorder;
import org.junit.jupiter.api.AfterEach;

/**
 * A scheduler on a real backend for one test, and a second backend to inspect what it owns; after each test, nothing
 * left executing or waiting and every instance of this platform removed. {@link SchedulerContract}'s cases run on it,
 * and so can a backend's own cases without running the contract again (SchedulerStemCellsIT, StemCellsDockerIT).
 */
public abstract class SchedulerFixture {
    protected static final Duration AWAIT = Duration.ofSeconds(60);
    private Scheduler scheduler;
    private InstanceBackend inspector;
    protected final MutableClock clock = MutableClock.running();
    private final RetiredRecorder recorder = new RetiredRecorder();
    protected final Map<String, String> retired = recorder.retired;

    /** A new backend for one scheduler (the scheduler closes it). */
    protected abstract InstanceBackend newBackend();

    /**
     * Where instances reach the machine the test runs on (and its {@link HttpLatch}), when not over loopback: a backend
     * that gives each instance a network namespace of its own says so. Handed to instances as the gateway's URL, whose
     * host the probe's latch call uses.
     */
    protected java.util.Optional<String> hostForInstances() {
        return java.util.Optional.empty();
    }

    protected Scheduler scheduler(AppSpec app, Clock clock) {
        inspector = newBackend();
        scheduler = new Scheduler(app, newBackend(), clock, recorder);
        hostForInstances().ifPresent(host -> scheduler.gatewayUrl("http://" + host));
        scheduler.start();
        return scheduler;
    }

    protected Scheduler scheduler(FunctionSpec fn) {
        return scheduler(Probe.app(Probe.platform(8, Duration.ofSeconds(30), 100), fn), clock);
    }

    protected FunctionSnapshot snapshot(String function) {
        return scheduler.snapshot().functions().stream().filter(f -> f.function().equals(function)).findFirst().orElseThrow();
    }

    protected InstanceBackend inspector() {
        return inspector;
    }

    @AfterEach
    void closeScheduler() {
        if (scheduler != null) {
            scheduler.close();
            for (FunctionSnapshot f : scheduler.snapshot().functions()) {
                assertEquals(0, f.executing(), "no request left executing");
                assertEquals(0, f.waiting(), "no request left waiting");
            }
            await().atMost(AWAIT).until(() -> inspector.listOwned().stream()
                    .noneMatch(o -> OrphanPolicy.selfId().equals(o.labels().get(Labels.PLATFORM))));
            inspector.close();
        }
    }
}
