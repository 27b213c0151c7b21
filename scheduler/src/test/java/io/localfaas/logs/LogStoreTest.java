package io.localfaas.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.localfaas.backend.LogStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStoreTest {
    @TempDir
    Path dir;

    private static LogLine line(String request, String text) {
        return new LogLine("i1", LogStream.STDOUT, Optional.ofNullable(request), text);
    }

    @Test
    void tailReturnsOnlyTheRequestsLinesCutToTheLastBytes() {
        try (LogStore store = new LogStore(dir, "svc")) {
            store.append("f", line("a", "a1"));
            store.append("f", line("b", "b1"));
            store.append("f", line("a", "a2"));
            store.append("f", line(null, "none"));
            assertEquals("a1\na2\n", store.tail("f", "a", 4096));
            assertEquals("a2\n", store.tail("f", "a", 4), "only whole lines that fit");
            assertEquals("", store.tail("f", "zzz", 4096));
            assertEquals("", store.tail("other", "a", 4096));
            assertEquals("xyz", LogStore.lastBytes(List.of(line("a", "uvwxyz")), 4).strip(), "a single long line keeps its end");
        }
    }

    @Test
    void tailAfterEndWaitsForTheEndMarkerAndIsBoundedWithoutIt() throws Exception {
        try (LogStore store = new LogStore(dir, "svc")) {
            store.append("f", line("a", "FC Invoke Start RequestId: a"));
            Thread writer = new Thread(() -> {
                store.append("f", line("a", "late line"));
                store.append("f", line("a", "FC Invoke End RequestId: a"));
            });
            writer.start();
            String tail = store.tailAfterEnd("f", "a", 4096, Duration.ofSeconds(10));
            writer.join(10_000);
            assertEquals("FC Invoke Start RequestId: a\nlate line\nFC Invoke End RequestId: a\n", tail);
            assertEquals("", store.tailAfterEnd("f", "never", 4096, Duration.ofMillis(50)), "no end marker: returns after the wait");
        }
    }

    @Test
    void theRingBufferIsBoundedAndTheFileKeepsEverything() throws Exception {
        try (LogStore store = new LogStore(dir, "svc", 1000, 1_000_000)) {
            for (int i = 0; i < 100; i++) {
                store.append("f", line("r" + i, "line " + i));
            }
            List<LogLine> recent = store.recent("f", 1000);
            assertTrue(recent.size() < 100 && recent.size() > 5, "bounded by bytes: " + recent.size());
            assertEquals("line 99", recent.get(recent.size() - 1).text());
        }
        List<String> file = Files.readAllLines(LogStore.file(dir, "svc", "f"));
        assertEquals(100, file.size());
        assertEquals("i1 r0 line 0", file.get(0));
    }

    @Test
    void theFileRotatesPastItsLimit() throws Exception {
        try (LogStore store = new LogStore(dir, "svc", 1000, 100)) {
            for (int i = 0; i < 30; i++) {
                store.append("f", line(null, "line " + i));
            }
        }
        Path file = LogStore.file(dir, "svc", "f");
        assertTrue(Files.exists(file.resolveSibling("f.log.1")));
        assertTrue(Files.size(file) < 200, "the current file restarted");
    }
}
