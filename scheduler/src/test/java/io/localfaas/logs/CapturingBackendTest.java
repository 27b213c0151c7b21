package io.localfaas.logs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.LogFollow;
import io.localfaas.backend.LogSink;
import io.localfaas.backend.LogStream;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.backend.RunningInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store gets an instance's lines as its {@link LineFiler} files them, held lines included once their time is up. */
class CapturingBackendTest {
    @TempDir
    Path dir;

    @Test
    void aStderrLineAheadOfItsStartMarkerIsFiledUnderTheCallAndMarkersForCallsNotSentAreForged() {
        AtomicReference<LogSink> sink = new AtomicReference<>();
        LogStore store = new LogStore(dir, "svc");
        try (CapturingBackend backend = new CapturingBackend(new Followed(sink), store)) {
            RunningInstance instance = backend.start(new InstanceLaunch("i1", "f", "image", Optional.empty(), 40001, 128, Map.of(), Map.of()));
            backend.sending(instance, "r-1");
            sink.get().line(LogStream.STDERR, "2026-12-07 04:50:00.123 r-1 [ERROR] second");
            sink.get().line(LogStream.STDERR, "2026-12-07 04:50:00.124 never-sent [info] x");
            sink.get().line(LogStream.STDOUT, "FC Invoke Start RequestId: r-1");
            sink.get().line(LogStream.STDOUT, "FC Invoke Start RequestId: never-sent");
            sink.get().line(LogStream.STDOUT, "FC Invoke End RequestId: r-1");
            // (awaited: the store may take lines in on a thread of its own)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(
                    "FC Invoke Start RequestId: r-1\n2026-12-07 04:50:00.123 r-1 [ERROR] second\nFC Invoke End RequestId: r-1\n",
                    store.tail("f", "r-1", 4096)));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.recent("f", 10).size() == 5);
            assertEquals(new LogLine("i1", LogStream.STDERR, Optional.empty(), "2026-12-07 04:50:00.124 never-sent [info] x"),
                    store.recent("f", 10).get(0), "a line naming a call never sent here is not held");
            assertEquals(new LogLine("i1", LogStream.STDOUT, Optional.empty(), "FC Invoke Start RequestId: never-sent"),
                    store.recent("f", 10).get(3), "a forged marker is filed under no request");
            assertEquals(Map.of("f", 1L), store.forgedMarkers());
        }
    }

    /** A backend whose one instance's output is whatever the test writes to the sink it was given. */
    private record Followed(AtomicReference<LogSink> sink) implements InstanceBackend {
        @Override
        public RunningInstance start(InstanceLaunch launch) {
            return new RunningInstance(launch.instanceId(), "b-" + launch.instanceId(), "127.0.0.1", launch.port(), Duration.ZERO);
        }

        @Override
        public LogFollow followLogs(RunningInstance instance, LogSink s) {
            sink.set(s);
            return LogFollow.NONE;
        }

        @Override
        public InstanceStatus status(RunningInstance instance) {
            return InstanceStatus.RUNNING;
        }

        @Override
        public String lastLogs(RunningInstance instance, int lines) {
            return "";
        }

        @Override
        public void remove(RunningInstance instance) {
        }

        @Override
        public List<OwnedInstance> listOwned() {
            return List.of();
        }

        @Override
        public void remove(OwnedInstance instance) {
        }

        @Override
        public void close() {
        }
    }
}
