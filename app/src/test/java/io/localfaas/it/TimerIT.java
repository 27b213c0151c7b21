package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A timer trigger on the real engine: {@code @every 2s} invokes the function with FC's timer event while faas up runs. */
class TimerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyTwoSecondsInvokesTheFunctionWithFcsTimerEvent() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));
        Files.writeString(code.resolve("index.js"), """
                const fs = require('fs');
                exports.handler = (event, context, callback) => {
                  fs.appendFileSync('/mnt/out/events.log', event.toString() + '\\n');
                  callback(null, 'ok');
                };
                """);
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = dir.resolve("timer.yaml");
        Files.writeString(file, """
                service: timers
                functions:
                  tick:
                    runtime: nodejs18
                    codeUri: code
                    handler: index.handler
                    mounts: [{source: out, target: /mnt/out, readOnly: false}]
                    timers:
                      - {name: every-2s, cron: '@every 2s', payload: awesome-fc}
                      - {name: off, cron: '@every 1s', enabled: false}
                """);
        Path log = out.resolve("events.log");
        try (ChildPlatform child = new ChildPlatform(Map.of(), "up", file.toString(), "--port", "0")) {
            child.awaitListening();
            Instant listening = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log) && Files.readAllLines(log).size() >= 2);
            // Firings overlap (the first pays the cold start, the next may finish first): order them by trigger time.
            List<String> events = Files.readAllLines(log);
            List<JsonNode> byTime = new java.util.ArrayList<>();
            for (String e : events) {
                byTime.add(JSON.readTree(e));
            }
            byTime.sort(java.util.Comparator.comparing(n -> n.get("triggerTime").asText()));
            JsonNode first = byTime.get(0);
            JsonNode second = byTime.get(1);
            assertEquals("every-2s", first.get("triggerName").asText());
            assertEquals("awesome-fc", first.get("payload").asText());
            Instant t1 = Instant.parse(first.get("triggerTime").asText());
            Instant t2 = Instant.parse(second.get("triggerTime").asText());
            assertEquals(Duration.ofSeconds(2), Duration.between(t1, t2), events.toString());
            assertTrue(!t1.isBefore(listening.minusSeconds(5)), "fired after start: " + t1);
            assertTrue(events.stream().noneMatch(e -> e.contains("\"off\"")), "a disabled timer never fires: " + events);
            assertTrue(child.out().stream().anyMatch(l -> l.contains("timer off") && l.endsWith("(disabled)")), child.out().toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> child.err().stream().anyMatch(l -> l.startsWith("faas: timer tick/every-2s") && l.endsWith(": ok")));
            child.process.destroy();
            child.awaitExit();
        }
    }
}
