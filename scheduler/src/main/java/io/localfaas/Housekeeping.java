package io.localfaas;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.Labels;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.metrics.MetricsSampler;
import io.localfaas.metrics.WatermarkController;
import io.localfaas.pool.FunctionPool;
import io.localfaas.port.ColdStart;
import io.localfaas.port.InstanceMetrics;
import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import io.localfaas.port.SchedulerListener;
import io.localfaas.scaling.WatermarkDecision;
import io.localfaas.spec.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's housekeeping loop, once a second on the reaper thread: every pool's {@link FunctionPool#tick()}
 * (idle retirement, dead instances replaced, reserved instances kept up), metric sampling and the watermark policy,
 * and every {@value #RECONCILE_EVERY_TICKS} ticks (and on the first tick after the backend answers again) a
 * reconciliation of what runs with what the pools hold. Orphans of dead platforms are removed at start, and
 * everything this platform labelled at shutdown.
 */
final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private static final long TICK_MILLIS = 1000;
    static final int RECONCILE_EVERY_TICKS = 30;

    private final PoolRegistry registry;
    private final InstanceBackend backend;
    private final String platformId;
    private final Clock clock;
    private final ScheduledExecutorService reaper;
    private final Outages outages;
    /** Every READY instance's CPU, memory and disk, read once per tick. */
    private final MetricsSampler sampler;
    /** The watermark policy of the functions that have it, run once per tick after sampling. */
    private final WatermarkController watermarks;
    /** The pools the last tick saw, to start a function's watermark window again when a reload replaced its pool. */
    private Map<String, FunctionPool> seen = Map.of();
    private long ticks;
    private volatile boolean stopped;

    /** Whether the backend stopped answering; pools' start failures say so, a reconcile that succeeds clears it. */
    static final class Outages {
        private volatile boolean down;

        /** Passes events on, and marks the backend down when a start failed because it did not answer. */
        SchedulerListener noticing(SchedulerListener listener) {
            return new SchedulerListener() {
                @Override
                public void instanceReady(FunctionSpec fn, String instanceId, ColdStart coldStart) {
                    listener.instanceReady(fn, instanceId, coldStart);
                }

                @Override
                public void instanceFailed(FunctionSpec fn, String instanceId, PlatformException failure) {
                    if (failure.kind() == Kind.BACKEND_UNAVAILABLE) {
                        down = true;
                    }
                    listener.instanceFailed(fn, instanceId, failure);
                }

                @Override
                public void instanceRetired(FunctionSpec fn, String instanceId, String reason) {
                    listener.instanceRetired(fn, instanceId, reason);
                }
            };
        }
    }

    Housekeeping(PoolRegistry registry, InstanceBackend backend, String platformId, Clock clock, ScheduledExecutorService reaper,
                 Outages outages) {
        this.registry = registry;
        this.backend = backend;
        this.platformId = platformId;
        this.clock = clock;
        this.reaper = reaper;
        this.outages = outages;
        this.sampler = new MetricsSampler(backend);
        this.watermarks = new WatermarkController(sampler);
    }

    /** Removes orphans of dead platforms, starts every function's reserved instances, and starts the loop. */
    void start() {
        reapOrphans();
        registry.pools().values().forEach(FunctionPool::ensureMinimum);
        reaper.scheduleWithFixedDelay(this::tickQuietly, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** No tick runs from now on (one running finishes). */
    void stop() {
        stopped = true;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("housekeeping failed: {}", e.getMessage());
        }
    }

    /** See {@link Scheduler#tick()}. */
    synchronized void tick() {
        if (stopped) {
            return;
        }
        Map<String, FunctionPool> pools = registry.pools();
        pools.values().forEach(FunctionPool::tick);
        scaleOnMetrics(pools);
        ticks++;
        if (outages.down || ticks % RECONCILE_EVERY_TICKS == 0) {
            try {
                reconcile();
                if (outages.down) {
                    LOG.info("the backend answers again");
                }
                outages.down = false;
            } catch (BackendUnavailableException e) {
                outages.down = true;
            }
        }
    }

    /**
     * Samples every READY instance once (the backend holds its latest reading: no engine call here), then applies the
     * watermark policy of each function that has it: instances started at once when a mark is passed, idle ones
     * retired once the window has passed under every mark. Functions under the concurrency policy are left to their
     * pool's own rule. A function whose pool a reload replaced starts its window again.
     */
    private void scaleOnMetrics(Map<String, FunctionPool> pools) {
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
        pools.forEach((name, p) -> {
            FunctionPool before = seen.get(name);
            if (before != null && before != p) {
                watermarks.forget(name);
            }
        });
        seen = new HashMap<>(pools);
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

    Optional<InstanceMetrics> instanceMetrics(String instanceId) {
        return sampler.latest(instanceId);
    }

    Optional<WatermarkDecision> watermarkDecision(String function) {
        return watermarks.last(function);
    }

    /** See {@link Scheduler#reconcile()}. */
    int reconcile() {
        Set<String> known = registry.instanceIds();
        int removed = 0;
        for (OwnedInstance o : backend.listOwned()) {
            if (platformId.equals(o.labels().get(Labels.PLATFORM)) && !known.contains(o.labels().get(Labels.INSTANCE))) {
                // Read again: an instance whose start just finished is known by now.
                if (!registry.instanceIds().contains(o.labels().get(Labels.INSTANCE))) {
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

    /** See {@link Scheduler#reapOrphans()}. */
    int reapOrphans() {
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

    /** At shutdown: anything still labelled as this platform's (an instance whose start finished meanwhile) goes too. */
    void removeOwn() {
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
}
