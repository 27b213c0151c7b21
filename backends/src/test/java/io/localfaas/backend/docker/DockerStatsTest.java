package io.localfaas.backend.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Statistics;
import io.localfaas.backend.InstanceUsage;
import org.junit.jupiter.api.Test;

/** A stats reading as the engine sends it, on cgroup v1 (this CI machine) and on v2 (most laptops). */
class DockerStatsTest {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Instant FALLBACK = Instant.parse("2026-01-01T00:00:00Z");

    private static Statistics parse(String json) throws Exception {
        return JSON.readValue(json, Statistics.class);
    }

    @Test
    void cgroupV1WorkingSetIsUsageLessTotalInactiveFile() throws Exception {
        Statistics s = parse("""
                {"read":"2026-11-30T08:14:01.123456789Z","cpu_stats":{"cpu_usage":{"total_usage":2500000000},"system_cpu_usage":9,"online_cpus":2},
                 "memory_stats":{"usage":50000000,"limit":134217728,
                   "stats":{"cache":9000000,"total_inactive_file":8000000,"inactive_file":7000000,"rss":40000000}}}
                """);
        InstanceUsage u = DockerStats.toUsage(s, FALLBACK, OptionalLong.of(4096));
        assertEquals(Instant.parse("2026-11-30T08:14:01.123456789Z"), u.readAt());
        assertEquals(2_500_000_000L, u.cpuNanos().getAsLong());
        assertEquals(42_000_000L, u.memoryBytes().getAsLong());
        assertEquals(134_217_728L, u.memoryLimitBytes().getAsLong());
        assertEquals(4096L, u.diskBytes().getAsLong());
    }

    @Test
    void cgroupV2WorkingSetIsUsageLessInactiveFile() throws Exception {
        Statistics s = parse("""
                {"read":"2026-11-30T08:14:02Z","cpu_stats":{"cpu_usage":{"total_usage":123},"online_cpus":8},
                 "memory_stats":{"usage":30000000,"limit":268435456,
                   "stats":{"anon":20000000,"file":9000000,"inactive_file":6000000,"active_file":3000000}}}
                """);
        InstanceUsage u = DockerStats.toUsage(s, FALLBACK, OptionalLong.empty());
        assertEquals(123L, u.cpuNanos().getAsLong());
        assertEquals(24_000_000L, u.memoryBytes().getAsLong());
        assertTrue(u.diskBytes().isEmpty());
    }

    @Test
    void aReadingOfAStoppedContainerHasNoFiguresAndTheFallbackTime() throws Exception {
        Statistics s = parse("""
                {"read":"0001-01-01T00:00:00Z","cpu_stats":{"cpu_usage":{}},"memory_stats":{}}
                """);
        InstanceUsage u = DockerStats.toUsage(s, FALLBACK, OptionalLong.empty());
        assertEquals(FALLBACK, u.readAt());
        assertTrue(u.cpuNanos().isEmpty() && u.memoryBytes().isEmpty() && u.memoryLimitBytes().isEmpty());
    }
}
