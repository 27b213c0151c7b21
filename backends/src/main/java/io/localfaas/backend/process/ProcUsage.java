package io.localfaas.backend.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.localfaas.backend.InstanceUsage;

/**
 * Resource readings of a local process tree from {@code /proc}: CPU from {@code stat} (utime + stime), memory from
 * {@code status} (VmRSS), summed over the process and its descendants (found through
 * {@code task/<pid>/children}, at most {@link #MAX_PROCESSES}). A handful of small file reads per reading, no process
 * started. No memory limit and no disk of its own: the process backend does not isolate.
 */
final class ProcUsage {
    /** Linux reports CPU time in clock ticks of USER_HZ, 100 per second on every architecture Java runs on. */
    static final long NANOS_PER_TICK = 10_000_000L;
    static final int MAX_PROCESSES = 64;

    private ProcUsage() {
    }

    /** A reading of process {@code pid} and its descendants under {@code proc}; empty when the process is gone. */
    static Optional<InstanceUsage> read(Path proc, long pid, Instant now) {
        long ticks = 0;
        long rssKb = 0;
        boolean any = false;
        Deque<Long> todo = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        todo.add(pid);
        while (!todo.isEmpty() && seen.size() < MAX_PROCESSES) {
            long p = todo.poll();
            if (!seen.add(p)) {
                continue;
            }
            Path dir = proc.resolve(Long.toString(p));
            try {
                ticks += cpuTicks(Files.readString(dir.resolve("stat")));
                rssKb += rssKb(Files.readString(dir.resolve("status")));
                any = true;
            } catch (IOException | RuntimeException e) {
                continue; // ended meanwhile
            }
            try {
                for (String child : Files.readString(dir.resolve("task").resolve(Long.toString(p)).resolve("children")).trim().split("\\s+")) {
                    if (!child.isEmpty()) {
                        todo.add(Long.parseLong(child));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no children file (older kernels): the process alone
            }
        }
        if (!any) {
            return Optional.empty();
        }
        return Optional.of(new InstanceUsage(now, OptionalLong.of(ticks * NANOS_PER_TICK), OptionalLong.of(rssKb * 1024),
                OptionalLong.empty(), OptionalLong.empty()));
    }

    /** utime + stime (fields 14 and 15) of a {@code /proc/<pid>/stat} line; the command name may hold spaces and ')'. */
    static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** VmRSS of a {@code /proc/<pid>/status} file, in kB; 0 when absent (a zombie). */
    static long rssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }
}
