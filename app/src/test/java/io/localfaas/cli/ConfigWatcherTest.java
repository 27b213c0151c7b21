package io.localfaas.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {
    @TempDir
    Path dir;

    @Test
    void editsOfTheFileAreReportedAndOtherFilesAreNot() throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, "a");
        AtomicInteger changes = new AtomicInteger();
        try (ConfigWatcher w = new ConfigWatcher(file, Duration.ofMillis(50), changes::incrementAndGet)) {
            Files.writeString(dir.resolve("other.yaml"), "x");
            Files.writeString(file, "b");
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() >= 1);
            int seen = changes.get();
            Path replacement = dir.resolve("app.yaml.tmp");
            Files.writeString(replacement, "c");
            Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() > seen);
        }
        assertEquals(true, changes.get() >= 2);
    }
}
