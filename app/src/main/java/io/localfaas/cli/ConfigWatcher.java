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

    ConfigWatcher(Path file, Duration debounce, Runnable onChange) throws IOException {
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
                        if (e.kind() == StandardWatchEventKinds.OVERFLOW || file.getFileName().equals(e.context())) {
                            dueAt = System.nanoTime() + debounce.toNanos();
                        }
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
