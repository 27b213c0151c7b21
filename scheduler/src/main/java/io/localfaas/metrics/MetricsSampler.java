package io.localfaas.metrics;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.RunningInstance;
import io.localfaas.port.InstanceMetrics;

/**
 * Samples the running instances' metrics: each {@link #sample} asks the backend once per instance for its latest
 * reading (about once a second, at the caller's cadence) and keeps a short window per instance; instances no longer
 * listed are forgotten. Thread-safe: sampling and reading may happen on different threads.
 */
public final class MetricsSampler {
    /** Readings kept per instance: about half a minute at one a second. */
    public static final int WINDOW = 30;

    /**
     * An instance to sample.
     *
     * @param shareCores       its CPU share, in cores ({@link CpuShare#cores})
     * @param memoryLimitBytes its memory limit when the backend does not report one (the function's memorySize)
     */
    public record Target(RunningInstance instance, double shareCores, long memoryLimitBytes) {
        public static Target of(RunningInstance instance, int memoryMb) {
            return new Target(instance, CpuShare.cores(memoryMb, Runtime.getRuntime().availableProcessors()), memoryMb * 1024L * 1024L);
        }
    }

    private final InstanceBackend backend;
    private final Map<String, UsageWindow> windows = new ConcurrentHashMap<>();

    public MetricsSampler(InstanceBackend backend) {
        this.backend = backend;
    }

    /** Reads every target once; forgets the instances that are not among them. */
    public void sample(Collection<Target> targets) {
        Set<String> live = new HashSet<>();
        for (Target t : targets) {
            String id = t.instance().instanceId();
            live.add(id);
            UsageWindow w = windows.computeIfAbsent(id, k -> new UsageWindow(k, WINDOW, t.shareCores(), t.memoryLimitBytes()));
            backend.usage(t.instance()).ifPresent(u -> {
                synchronized (w) {
                    w.add(u);
                }
            });
        }
        windows.keySet().retainAll(live);
    }

    /** The instance's latest figures; empty before its first reading or once it is forgotten. */
    public Optional<InstanceMetrics> latest(String instanceId) {
        UsageWindow w = windows.get(instanceId);
        if (w == null) {
            return Optional.empty();
        }
        synchronized (w) {
            return w.latest();
        }
    }

    /** The instance's figures over its window, oldest first. */
    public List<InstanceMetrics> history(String instanceId) {
        UsageWindow w = windows.get(instanceId);
        if (w == null) {
            return List.of();
        }
        synchronized (w) {
            return w.history();
        }
    }
}
