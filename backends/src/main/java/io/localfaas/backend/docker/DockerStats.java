package io.localfaas.backend.docker;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import io.localfaas.backend.InstanceUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resource readings of containers: one stats stream per container (the engine pushes a reading about every second;
 * no engine call per reading), opened on the first request for it and closed when the container is removed. Uses the
 * engine's streaming client, as the log follower does: a stream is a long-lived response. Works on cgroup v1 and v2, whose
 * memory statistics differ (see {@link #toUsage}). Disk: the bytes used in the container's tmpfs {@code /tmp}, read
 * through {@code /proc/<pid>/root} where the platform runs on the engine's host (absent otherwise).
 */
final class DockerStats implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerStats.class);
    static final int MAX_STREAMS = 512;

    private final DockerEngine engine;
    private final DockerClient docker;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    private record Stream(AtomicReference<Statistics> latest, ResultCallback.Adapter<Statistics> callback, java.util.concurrent.atomic.AtomicLong pid) {
    }

    /** Opens streams off the caller's thread: the inspect before it is an engine call, and the caller is the housekeeping tick. */
    private final java.util.concurrent.ExecutorService opener = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "localfaas-stats");
        t.setDaemon(true);
        return t;
    });

    DockerStats(DockerEngine engine) {
        this.engine = engine;
        this.docker = engine.streaming();
    }

    DockerEngine engine() {
        return engine;
    }

    /** The latest reading of the container; opens its stream the first time (empty until its first reading). */
    Optional<InstanceUsage> usage(String containerId) {
        Stream s = streams.get(containerId);
        if (s == null) {
            if (streams.size() >= MAX_STREAMS) {
                return Optional.empty();
            }
            s = streams.computeIfAbsent(containerId, this::open);
        }
        Statistics latest = s.latest().get();
        return latest == null ? Optional.empty() : Optional.of(toUsage(latest, Instant.now(), disk(s.pid().get())));
    }

    private Stream open(String containerId) {
        AtomicReference<Statistics> latest = new AtomicReference<>();
        ResultCallback.Adapter<Statistics> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Statistics s) {
                latest.set(s);
            }

            @Override
            public void onError(Throwable e) {
                LOG.debug("stats of {} ended: {}", containerId, e.toString());
                streams.remove(containerId);
                super.onError(e);
            }
        };
        Stream stream = new Stream(latest, callback, new java.util.concurrent.atomic.AtomicLong(-1));
        try {
            opener.execute(() -> {
                try {
                    Long p = docker.inspectContainerCmd(containerId).exec().getState().getPidLong();
                    stream.pid().set(p == null ? -1 : p);
                    docker.statsCmd(containerId).exec(callback);
                } catch (RuntimeException e) {
                    LOG.debug("cannot read the stats of container {}: {}", containerId, e.toString());
                    streams.remove(containerId, stream); // tried again at the next reading
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
        return stream;
    }

    /** Closes the container's stream, if any. */
    void forget(String containerId) {
        Stream s = streams.remove(containerId);
        if (s != null) {
            closeQuietly(s.callback());
        }
    }

    /**
     * A reading as {@link InstanceUsage}: CPU from {@code cpu_stats.cpu_usage.total_usage}; the working set is the
     * usage less the inactive page cache ({@code total_inactive_file} on cgroup v1, {@code inactive_file} on v2), as
     * {@code docker stats} and the kubelet compute it; {@code fallbackTime} when the reading carries no time.
     */
    static InstanceUsage toUsage(Statistics s, Instant fallbackTime, OptionalLong diskBytes) {
        Instant at = fallbackTime;
        try {
            if (s.getRead() != null && !s.getRead().startsWith("0001-")) {
                at = Instant.parse(s.getRead());
            }
        } catch (DateTimeParseException e) {
            // keep the fallback
        }
        CpuStatsConfig cpu = s.getCpuStats();
        OptionalLong cpuNanos = cpu == null || cpu.getCpuUsage() == null ? OptionalLong.empty() : InstanceUsage.known(cpu.getCpuUsage().getTotalUsage());
        MemoryStatsConfig mem = s.getMemoryStats();
        OptionalLong working = OptionalLong.empty();
        OptionalLong limit = OptionalLong.empty();
        if (mem != null && mem.getUsage() != null) {
            StatsConfig st = mem.getStats();
            Long inactive = st == null ? null : st.getTotalInactiveFile() != null ? st.getTotalInactiveFile() : st.getInactiveFile();
            long usage = mem.getUsage();
            working = OptionalLong.of(Math.max(0, inactive == null || inactive > usage ? usage : usage - inactive));
            limit = InstanceUsage.known(mem.getLimit());
        }
        return new InstanceUsage(at, cpuNanos, working, limit, diskBytes);
    }

    /** Bytes used in the tmpfs at {@code /tmp} of the process {@code pid}'s mount namespace; absent when not readable. */
    static OptionalLong disk(long pid) {
        if (pid <= 0) {
            return OptionalLong.empty();
        }
        try {
            Path root = Path.of("/proc", Long.toString(pid), "root");
            Path tmp = root.resolve("tmp");
            if (Files.getAttribute(tmp, "unix:dev").equals(Files.getAttribute(root, "unix:dev"))) {
                return OptionalLong.empty(); // /tmp is not a file system of its own: do not report the root's (the host's) disk
            }
            // FileStore's name and type come from this process's mount table and may be wrong here; its sizes are statvfs(tmp).
            FileStore store = Files.getFileStore(tmp);
            return OptionalLong.of(Math.max(0, store.getTotalSpace() - store.getUnallocatedSpace()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static void closeQuietly(ResultCallback.Adapter<Statistics> callback) {
        try {
            callback.close();
        } catch (IOException e) {
            LOG.debug("closing a stats stream: {}", e.toString());
        }
    }

    @Override
    public void close() {
        opener.shutdownNow();
        streams.values().forEach(s -> closeQuietly(s.callback()));
        streams.clear();
    }
}
