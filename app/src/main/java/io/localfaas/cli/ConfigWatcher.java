package io.localfaas.cli;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one configuration file (through its directory, as editors replace files) and calls {@code onChange} once
 * the file has been quiet for {@code debounce}: a burst of writes is one change. One daemon thread; {@link #close()}
 * stops it within a poll interval.
 */
final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    private static final long POLL_MILLIS = 100;

    private final Path file;
    private final Duration debounce;
    private final Runnable onChange;
    private final WatchService watch;
    private final Thread thread;
    private final BiConsumer<Path, Boolean> seen;

    ConfigWatcher(Path file, Duration debounce, Runnable onChange) throws IOException {
        this(file, debounce, onChange, (name, counts) -> { });
    }

    /** As above; {@code seen} hears every event's file name and whether it counts as a change (for tests). */
    ConfigWatcher(Path file, Duration debounce, Runnable onChange, BiConsumer<Path, Boolean> seen) throws IOException {
        this.seen = seen;
        this.file = file.toAbsolutePath().normalize();
        this.debounce = debounce;
        this.onChange = onChange;
        this.watch = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        this.thread = new Thread(this::loop, "localfaas-config-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long dueAt = -1;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watch.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (key != null) {
                    for (WatchEvent<?> e : key.pollEvents()) {
                        boolean counts = concerns(file.getFileName(), e.kind(), e.context());
                        if (counts) {
                            dueAt = System.nanoTime() + debounce.toNanos();
                        }
                        seen.accept(e.context() instanceof Path p ? p : null, counts);
                    }
                    key.reset();
                }
                if (dueAt >= 0 && System.nanoTime() - dueAt >= 0) {
                    dueAt = -1;
                    try {
                        onChange.run();
                    } catch (RuntimeException e) {
                        LOG.warn("applying the edited configuration failed: {}", e.toString());
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether an event in the file's directory may be an edit of the file: one naming it, or an overflow (events were lost). */
    static boolean concerns(Path fileName, WatchEvent.Kind<?> kind, Object context) {
        return kind == StandardWatchEventKinds.OVERFLOW || fileName.equals(context);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            watch.close();
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
