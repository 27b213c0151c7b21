package io.localfaas.metrics;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import io.localfaas.backend.InstanceUsage;
import io.localfaas.port.InstanceMetrics;

/**
 * The last readings of one instance (at most {@code capacity}, about that many seconds at the sampler's cadence), and
 * what they mean: CPU as the difference of the cumulative counter over the last {@link #CPU_SPAN} readings, divided by
 * their time apart and the CPU share; memory against the limit the backend reports, else the function's memorySize.
 * A reading no newer than the last one (a stream that has not moved) is not added twice. Not thread-safe: the sampler
 * guards it.
 */
final class UsageWindow {
    /** How many intervals the CPU figure spans: a few seconds smooth a busy loop's scheduling noise. */
    static final int CPU_SPAN = 3;

    private final String instanceId;
    private final int capacity;
    private final double shareCores;
    private final long memoryLimitBytes;
    private final Deque<InstanceUsage> readings = new ArrayDeque<>();

    UsageWindow(String instanceId, int capacity, double shareCores, long memoryLimitBytes) {
        this.instanceId = instanceId;
        this.capacity = capacity;
        this.shareCores = shareCores;
        this.memoryLimitBytes = memoryLimitBytes;
    }

    /** Adds a reading; false when it is not newer than the last one. */
    boolean add(InstanceUsage u) {
        InstanceUsage last = readings.peekLast();
        if (last != null && !u.readAt().isAfter(last.readAt())) {
            return false;
        }
        readings.addLast(u);
        while (readings.size() > capacity) {
            readings.removeFirst();
        }
        return true;
    }

    Optional<InstanceMetrics> latest() {
        if (readings.isEmpty()) {
            return Optional.empty();
        }
        List<InstanceUsage> r = new ArrayList<>(readings);
        return Optional.of(at(r, r.size() - 1));
    }

    /** One figure per reading, oldest first. */
    List<InstanceMetrics> history() {
        List<InstanceUsage> r = new ArrayList<>(readings);
        List<InstanceMetrics> out = new ArrayList<>(r.size());
        for (int i = 0; i < r.size(); i++) {
            out.add(at(r, i));
        }
        return out;
    }

    private InstanceMetrics at(List<InstanceUsage> r, int i) {
        InstanceUsage now = r.get(i);
        OptionalDouble cores = OptionalDouble.empty();
        InstanceUsage before = r.get(Math.max(0, i - CPU_SPAN));
        if (before != now && now.cpuNanos().isPresent() && before.cpuNanos().isPresent()) {
            long dt = Duration.between(before.readAt(), now.readAt()).toNanos();
            long used = now.cpuNanos().getAsLong() - before.cpuNanos().getAsLong();
            if (dt > 0 && used >= 0) {
                cores = OptionalDouble.of((double) used / dt);
            }
        }
        OptionalDouble cpu = cores.isPresent() ? OptionalDouble.of(cores.getAsDouble() / shareCores) : OptionalDouble.empty();
        long limit = now.memoryLimitBytes().orElse(memoryLimitBytes);
        OptionalDouble memory = now.memoryBytes().isPresent() && limit > 0
                ? OptionalDouble.of((double) now.memoryBytes().getAsLong() / limit) : OptionalDouble.empty();
        OptionalLong mem = now.memoryBytes();
        return new InstanceMetrics(instanceId, now.readAt(), cpu, cores, mem, memory, now.diskBytes());
    }
}
