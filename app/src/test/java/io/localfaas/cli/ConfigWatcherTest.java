package io.localfaas.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigWatcherTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(textBlock = """
            ENTRY_MODIFY, app.yaml,      true
            ENTRY_CREATE, app.yaml,      true
            ENTRY_MODIFY, other.yaml,    false
            ENTRY_CREATE, app.yaml.tmp,  false
            ENTRY_CREATE, .app.yaml.swp, false
            ENTRY_MODIFY, app.yaml~,     false
            OVERFLOW,     '',            true
            """)
    void whichEventsCount(String kind, String name, boolean counts) {
        Map<String, WatchEvent.Kind<?>> kinds = Map.of("ENTRY_MODIFY", StandardWatchEventKinds.ENTRY_MODIFY,
                "ENTRY_CREATE", StandardWatchEventKinds.ENTRY_CREATE, "OVERFLOW", StandardWatchEventKinds.OVERFLOW);
        assertEquals(counts, ConfigWatcher.concerns(Path.of("app.yaml"), kinds.get(kind), name.isEmpty() ? null : Path.of(name)));
    }

    @Test
    void editsOfTheFileAreReportedAndOtherFilesAreNot() throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, "a");
        AtomicInteger changes = new AtomicInteger();
        Map<Path, List<Boolean>> decisions = new ConcurrentHashMap<>();
        try (ConfigWatcher w = new ConfigWatcher(file, Duration.ofMillis(50), changes::incrementAndGet,
                (name, counts) -> decisions.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(counts))) {
            Files.writeString(dir.resolve("other.yaml"), "x");
            await().atMost(Duration.ofSeconds(10)).until(() -> decisions.containsKey(Path.of("other.yaml")));
            assertEquals(List.of(false), decisions.get(Path.of("other.yaml")).stream().distinct().toList(),
                    "an edit of another file in the folder is not a change");
            assertEquals(0, changes.get());

            Files.writeString(file, "b");
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() >= 1);
            assertEquals(List.of(true), decisions.get(Path.of("app.yaml")).stream().distinct().toList());
            int seen = changes.get();
            Path replacement = dir.resolve("app.yaml.tmp");
            Files.writeString(replacement, "c");
            Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() > seen);
            assertEquals(List.of(false), decisions.get(Path.of("app.yaml.tmp")).stream().distinct().toList());
        }
    }
}
