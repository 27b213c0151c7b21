package io.localfaas.backend.docker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.localfaas.Scheduler;
import io.localfaas.logs.CapturingBackend;
import io.localfaas.logs.LogStore;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;
import io.localfaas.spec.TriggerSpec;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a function prints, as the platform keeps it, on the real engine. A function floods its output while the store is
 * held up (a slow terminal): every line it printed is either stored or counted as dropped, and the drop is reported in
 * the function's log as {@code faas: N lines of flood dropped}. A function that prints a Start marker of one of its
 * instance's past calls cannot file its lines under that call, nor under a request its instance was never sent.
 */
@Timeout(180)
class FunctionOutputDockerIT {
    private static final int LINES = 20_000;
    private static final Pattern REPORT = Pattern.compile("faas: (\\d+) lines of flood dropped: .*");
    @TempDir
    Path dir;
    private Scheduler scheduler;
    private LogStore store;

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    /** A nodejs18 function {@code name} whose index.js is {@code source}; its folder. */
    private Path function(String name, String source) throws java.io.IOException {
        Path code = Files.createDirectories(dir.resolve(name));
        Files.writeString(code.resolve("index.js"), source);
        return code;
    }

    /** Starts the function with one instance, its output captured into {@link #store}. */
    private void start(String name, Path code) {
        FunctionSpec fn = new FunctionSpec("probe", name, Runtime.NODEJS18, Optional.of(code), CodeMode.MOUNT, Optional.empty(),
                "index.handler", Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(60), 256, 1, 1, 1,
                Duration.ofMinutes(30), Map.of(), List.of(new TriggerSpec("/" + name, Set.of("GET"))));
        scheduler = new Scheduler(Probe.app(Probe.platform(4, Duration.ofSeconds(60), 100), fn),
                new CapturingBackend(DockerBackend.connect(), store), Clock.systemUTC());
        scheduler.start();
    }

    @Test
    void linesDroppedUnderAFloodAreCountedAndReported() throws Exception {
        Path code = function("flood", """
                'use strict';
                // Prints ?n= numbered lines at once (a flood), then answers.
                exports.handler = (req, resp, context) => {
                  const n = Math.min(parseInt((req.queries || {}).n || '0', 10) || 0, 100000);
                  let out = '';
                  for (let i = 0; i < n; i += 1) {
                    out += 'flood ' + i + '\\n';
                  }
                  process.stdout.write(out);
                  resp.send('printed ' + n);
                };
                """);
        store = new LogStore(dir.resolve("logs"), "probe", LogStore.DEFAULT_BUFFER_BYTES, LogStore.DEFAULT_MAX_FILE_BYTES, 64);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger stored = new AtomicInteger();
        AtomicLong reported = new AtomicLong();
        store.onLine((function, line) -> {
            Matcher report = REPORT.matcher(line.text());
            if (report.matches()) {
                reported.addAndGet(Long.parseLong(report.group(1)));
            }
            if (line.text().startsWith("flood ")) {
                held.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS); // the terminal is slow: the queue fills behind it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stored.incrementAndGet();
            }
        });
        start("flood", code);
        assertEquals(200, scheduler.invoke("flood", Probe.request("n=" + LINES)).response().status());
        assertTrue(held.await(60, TimeUnit.SECONDS), "no line of the flood reached the store");
        await().atMost(Duration.ofSeconds(60)).until(() -> store.droppedLines().getOrDefault("flood", 0L) > 0);
        release.countDown();
        // Every line is accounted for: stored, or counted as dropped; and the drops are reported in the function's log (a
        // report goes before the function's next line that fits: the last one after one more call). The call's Start and
        // End marker lines go through the same queue, so up to two of the dropped lines may be those.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            long accounted = stored.get() + store.droppedLines().getOrDefault("flood", 0L);
            assertTrue(accounted >= LINES && accounted <= LINES + 2, "stored " + stored.get() + " + dropped = " + accounted);
        });
        long dropped = store.droppedLines().get("flood");
        assertEquals(200, scheduler.invoke("flood", Probe.request("n=1")).response().status());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(dropped, reported.get(), "lines reported dropped"));
        System.out.printf("flood of %d lines: %d stored, %d dropped and reported%n", LINES, stored.get(), dropped);
    }

    @Test
    void aFunctionCannotReopenAPastCallOfItsInstanceWithAForgedMarker() throws Exception {
        Path code = function("forger", """
                'use strict';
                // ?past=ID prints a Start marker of that request, then a line meant to be filed under it.
                exports.handler = (req, resp, context) => {
                  const past = (req.queries || {}).past;
                  if (past) {
                    process.stdout.write('FC Invoke Start RequestId: ' + past + '\\nforged line of ' + context.requestId + '\\n');
                  } else {
                    console.log('genuine line');
                  }
                  resp.send('ok');
                };
                """);
        store = new LogStore(dir.resolve("logs"), "probe");
        start("forger", code);
        io.localfaas.protocol.InvokeRequest first = Probe.request("");
        assertEquals(200, scheduler.invoke("forger", first).response().status());
        io.localfaas.protocol.InvokeRequest second = Probe.request("past=" + first.requestId());
        assertEquals(200, scheduler.invoke("forger", second).response().status());
        String secondTail = store.tailAfterEnd("forger", second.requestId(), 4096, Duration.ofSeconds(30));
        assertTrue(secondTail.contains("forged line of " + second.requestId()), secondTail);
        String firstTail = store.tail("forger", first.requestId(), 4096);
        assertTrue(firstTail.contains("genuine line") && !firstTail.contains("forged"), firstTail);
    }

    /**
     * A function printing the markers of a request its instance was never sent (one it invented, or learned elsewhere)
     * files nothing under that request: the markers are forged, counted, and kept under no request.
     */
    @Test
    void markersForARequestTheInstanceWasNeverSentAreForged() throws Exception {
        Path code = function("inventor", """
                'use strict';
                // ?invent=ID prints the Start marker of ID, a runtime-shaped line of ID and its End marker.
                exports.handler = (req, resp, context) => {
                  const id = (req.queries || {}).invent;
                  process.stdout.write('FC Invoke Start RequestId: ' + id + '\\n2026-01-01 00:00:00.000 ' + id
                      + ' [info] planted\\nFC Invoke End RequestId: ' + id + '\\n');
                  resp.send('ok');
                };
                """);
        store = new LogStore(dir.resolve("logs"), "probe");
        start("inventor", code);
        String invented = "invented-" + java.util.UUID.randomUUID();
        io.localfaas.protocol.InvokeRequest call = Probe.request("invent=" + invented);
        assertEquals(200, scheduler.invoke("inventor", call).response().status());
        String tail = store.tailAfterEnd("inventor", call.requestId(), 4096, Duration.ofSeconds(30));
        assertTrue(tail.contains("planted"), "a line naming no call of the instance is the call's own: " + tail);
        await().atMost(Duration.ofSeconds(30)).until(() -> store.forgedMarkers().getOrDefault("inventor", 0L) == 2L);
        assertEquals("", store.tail("inventor", invented, 4096), "nothing is filed under the invented request");
        assertTrue(store.recent("inventor", 50).stream().anyMatch(l -> l.text().equals("FC Invoke Start RequestId: " + invented)
                && l.requestId().isEmpty()), "the forged marker is kept, under no request");
    }
}
