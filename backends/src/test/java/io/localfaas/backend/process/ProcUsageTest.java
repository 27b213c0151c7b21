package io.localfaas.backend.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.localfaas.backend.InstanceUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readings from a {@code /proc} tree: a written one (a process with a child, odd command names), and this JVM's own. */
class ProcUsageTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path proc;

    private void process(long pid, String comm, long utime, long stime, long rssKb, String children) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(pid)));
        Files.writeString(proc.resolve(Long.toString(pid)).resolve("stat"), pid + " (" + comm + ") S 1 " + pid + " " + pid
                + " 0 -1 4194560 5886 0 0 0 " + utime + " " + stime + " 0 0 20 0 7 0 4046 1000 2000\n");
        Files.writeString(proc.resolve(Long.toString(pid)).resolve("status"), "Name:\t" + comm + "\nVmPeak:\t  99 kB\nVmRSS:\t  " + rssKb
                + " kB\nThreads:\t7\n");
        Files.writeString(dir.resolve("children"), children);
    }

    @Test
    void sumsCpuAndResidentMemoryOverTheProcessAndItsDescendants() throws IOException {
        process(100, "sh", 1, 2, 1000, "101 ");
        process(101, "my (odd) node", 300, 50, 40_000, "102");
        process(102, "worker", 10, 0, 500, "");
        InstanceUsage u = ProcUsage.read(proc, 100, NOW).orElseThrow();
        assertEquals((3 + 350 + 10) * ProcUsage.NANOS_PER_TICK, u.cpuNanos().getAsLong());
        assertEquals(41_500L * 1024, u.memoryBytes().getAsLong());
        assertTrue(u.memoryLimitBytes().isEmpty() && u.diskBytes().isEmpty(), "a process has no limit nor disk of its own");
        assertEquals(NOW, u.readAt());
    }

    @Test
    void aProcessThatIsGoneHasNoReadingAndAGoneChildIsSkipped() throws IOException {
        assertTrue(ProcUsage.read(proc, 4242, NOW).isEmpty());
        process(200, "node", 5, 5, 10, "201");
        assertEquals(10 * ProcUsage.NANOS_PER_TICK, ProcUsage.read(proc, 200, NOW).orElseThrow().cpuNanos().getAsLong());
    }

    @Test
    void readsThisJvmFromTheRealProc() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");
        InstanceUsage u = ProcUsage.read(Path.of("/proc"), ProcessHandle.current().pid(), NOW).orElseThrow();
        assertTrue(u.cpuNanos().getAsLong() > 0, "a running JVM has used CPU");
        assertTrue(u.memoryBytes().getAsLong() > 1024 * 1024, "and holds memory");
    }
}
