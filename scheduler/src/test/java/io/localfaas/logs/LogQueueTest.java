package io.localfaas.logs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.localfaas.backend.LogStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A flood fills the queue while the store is busy: the lines that do not fit are counted and reported, none silently lost. */
@Timeout(30)
class LogQueueTest {
    private static LogLine line(String text) {
        return new LogLine("f-1-abc", LogStream.STDOUT, Optional.empty(), text);
    }

    @Test
    void linesThatDoNotFitAreCountedAndReportedBeforeTheNextOne() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> stored = new CopyOnWriteArrayList<>();
        try (LogQueue q = new LogQueue((function, l) -> {
            if (l.text().equals("1")) {
                entered.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS); // the store is slow (a terminal, a disk)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            stored.add(function + ": " + l.text());
        }, 3)) {
            q.offer("f", line("1"));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            for (int i = 2; i <= 10; i++) {
                q.offer("f", line(Integer.toString(i))); // 2-4 fit, 5-10 do not
            }
            assertEquals(Map.of("f", 6L), q.dropped());
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> stored.size() == 4);
            q.offer("f", line("11"));
            await().atMost(Duration.ofSeconds(10)).until(() -> stored.size() == 6);
        }
        assertEquals(List.of("f: 1", "f: 2", "f: 3", "f: 4",
                "f: faas: 6 lines of f dropped: it printed faster than they could be stored", "f: 11"), stored);
    }

    @Test
    void closingStoresWhatIsQueued() {
        List<String> stored = new CopyOnWriteArrayList<>();
        LogQueue q = new LogQueue((function, l) -> stored.add(l.text()), 100);
        for (int i = 0; i < 50; i++) {
            q.offer("f", line(Integer.toString(i)));
        }
        q.close();
        assertEquals(50, stored.size());
        assertEquals(Map.of(), q.dropped());
    }
}
