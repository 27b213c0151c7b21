package io.localfaas.backend;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One reading of an instance's resource counters, as its backend reports them; each absent when the backend cannot
 * tell. CPU is cumulative (utilisation is the difference of two readings over their time apart).
 *
 * @param readAt           when the counters were read (the engine's time of the reading where it gives one)
 * @param cpuNanos         CPU time used since the instance started, all threads and processes of it
 * @param memoryBytes      memory working set: usage without the page cache the kernel can reclaim
 * @param memoryLimitBytes the memory limit enforced on it
 * @param diskBytes        bytes used in its writable areas (its tmpfs {@code /tmp} on Docker)
 */
public record InstanceUsage(Instant readAt, OptionalLong cpuNanos, OptionalLong memoryBytes, OptionalLong memoryLimitBytes,
                            OptionalLong diskBytes) {
    public InstanceUsage {
        Objects.requireNonNull(readAt, "readAt");
        Objects.requireNonNull(cpuNanos, "cpuNanos");
        Objects.requireNonNull(memoryBytes, "memoryBytes");
        Objects.requireNonNull(memoryLimitBytes, "memoryLimitBytes");
        Objects.requireNonNull(diskBytes, "diskBytes");
    }

    /** A value read, or absent when negative or null (what engines report for "unknown"). */
    public static OptionalLong known(Long value) {
        return value == null || value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
