package io.localfaas.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.localfaas.spec.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Code reload: polls the code folder (or jar) of each function that has one (code mode mount or image) and, once a change has been quiet for one
 * poll (an editor's or a build's burst of writes is one change), calls {@code onChange(function, what changed)}.
 * Editor swap files, {@code .git} and {@code node_modules/.cache} do not count. Polling (a bounded walk of sizes and
 * modification times) rather than watch events: it sees changes in sub-folders, behind bind mounts and in rebuilt jars
 * alike. One daemon thread; {@link #close()} stops it within a poll interval.
 */
final class CodeWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CodeWatcher.class);
    /** Files looked at per function, at most. */
    static final int MAX_FILES = 20_000;

    /** A code folder's state: relative path → "size/mtime" of every file that counts. */
    record Snapshot(Map<String, String> files) {
        /** The first path that differs from {@code before} (added, removed or changed), for the message. */
        Optional<String> firstDifference(Snapshot before) {
            TreeMap<String, String> all = new TreeMap<>(files);
            before.files.forEach(all::putIfAbsent);
            return all.keySet().stream().filter(k -> !Objects.equals(files.get(k), before.files.get(k))).findFirst();
        }
    }

    private final List<FunctionSpec> functions;
    private final Duration interval;
    private final BiConsumer<String, String> onChange;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    /** Per function: the code its instances run, and what the last poll saw (only the watcher thread changes them after start). */
    private final Map<String, Snapshot> applied = new TreeMap<>();
    private final Map<String, Snapshot> previous = new TreeMap<>();

    CodeWatcher(List<FunctionSpec> functions, Duration interval, BiConsumer<String, String> onChange) {
        this.functions = functions.stream().filter(f -> f.codeUri().isPresent()).toList();
        this.interval = interval;
        this.onChange = onChange;
        // The code as instances start with it: scanned before the constructor returns, so no edit after it is missed.
        for (FunctionSpec f : this.functions) {
            Snapshot s = safeScan(f);
            applied.put(f.name(), s);
            previous.put(f.name(), s);
        }
        this.thread = new Thread(this::loop, "localfaas-code-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** How many functions are watched. */
    int watching() {
        return functions.size();
    }

    /** Whether a path (relative to the code folder) is editor, VCS or cache noise rather than code. Pure. */
    static boolean ignored(Path relative) {
        for (int i = 0; i < relative.getNameCount(); i++) {
            String part = relative.getName(i).toString();
            if (part.equals(".git") || part.equals(".svn") || part.equals(".idea") || part.equals(".vscode") || part.equals(".DS_Store")) {
                return true;
            }
            if (part.equals(".cache") && i > 0 && relative.getName(i - 1).toString().equals("node_modules")) {
                return true;
            }
        }
        String name = relative.getFileName().toString();
        return name.endsWith("~") || name.endsWith(".swp") || name.endsWith(".swx") || name.endsWith(".swo") || name.startsWith(".#")
                || name.equals("4913") || (name.startsWith("#") && name.endsWith("#"));
    }

    /**
     * Whether to reload now: the code differs from what instances were started with ({@code applied}) and did not
     * change since the last poll ({@code previous}), so a burst of writes is applied once, after it. Pure.
     */
    static boolean settled(Snapshot applied, Snapshot previous, Snapshot current) {
        return !current.equals(applied) && current.equals(previous);
    }

    /** The files of {@code code} (a folder, or a jar/file) that count, bounded by {@link #MAX_FILES}. */
    static Snapshot scan(Path code) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (Files.isRegularFile(code)) {
            BasicFileAttributes a = Files.readAttributes(code, BasicFileAttributes.class);
            files.put(code.getFileName().toString(), a.size() + "/" + a.lastModifiedTime().toMillis());
            return new Snapshot(files);
        }
        Files.walkFileTree(code, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(code) && ignored(code.relativize(dir)) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path rel = code.relativize(file);
                if (!ignored(rel)) {
                    files.put(rel.toString(), attrs.size() + "/" + attrs.lastModifiedTime().toMillis());
                }
                return files.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return new Snapshot(files);
    }

    private void loop() {
        try {
            while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                for (FunctionSpec f : functions) {
                    Snapshot current = safeScan(f);
                    if (settled(applied.get(f.name()), previous.get(f.name()), current)) {
                        String what = current.firstDifference(applied.get(f.name())).orElse("code");
                        applied.put(f.name(), current);
                        try {
                            onChange.accept(f.name(), what);
                        } catch (RuntimeException e) {
                            LOG.warn("reloading {} failed: {}", f.name(), e.toString());
                        }
                    }
                    previous.put(f.name(), current);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Snapshot safeScan(FunctionSpec f) {
        try {
            return scan(f.codeUri().orElseThrow());
        } catch (IOException e) {
            return new Snapshot(Map.of());
        }
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
