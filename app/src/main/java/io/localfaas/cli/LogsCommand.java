package io.localfaas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.localfaas.logs.LogStore;
import io.localfaas.logs.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faas logs FUNCTION [-f]}: prints a function's captured output from its log file
 * ({@code <state dir>/logs/<service>/<function>.log}); {@code -f} keeps printing new lines until Ctrl-C.
 */
@Command(name = "logs", description = "Print a function's output (each line: instance, request id, text); -f follows it.")
final class LogsCommand implements Callable<Integer> {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "function name")
    String function;

    @Option(names = {"-f", "--follow"}, description = "keep printing new lines until interrupted (Ctrl-C)")
    boolean follow;

    @Option(names = {"-n", "--lines"}, defaultValue = "200", description = "print the last N lines first (default: ${DEFAULT-VALUE})")
    int lines;

    @Option(names = "--service", description = "service of the function (needed only when several services have one of that name)")
    String service;

    @Option(names = "--dir", description = "log directory (default: $LOCALFAAS_STATE_DIR/logs, else ~/.localfaas/logs)")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = dir != null ? dir : LogStore.defaultDir();
        Path file;
        if (service != null) {
            file = LogStore.file(root, service, function);
        } else {
            List<Path> found = candidates(root);
            if (found.size() > 1) {
                err.println("faas: error: several services have a function " + function + " (" + found + "); choose one with --service");
                return 2;
            }
            file = found.isEmpty() ? null : found.get(0);
        }
        if (file == null || !Files.exists(file)) {
            if (!follow) {
                err.println("faas: error: no logs for function " + function + " under " + root
                        + " (a function has logs once an instance of it started under `faas up`)");
                return 1;
            }
            file = file != null ? file : LogStore.file(root, service != null ? service : "default", function);
        }
        long position = printLast(file, out);
        if (follow) {
            follow(file, position, out);
        }
        return 0;
    }

    private List<Path> candidates(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> services = Files.list(root)) {
            return services.map(s -> s.resolve(function + ".log")).filter(Files::exists).sorted().toList();
        }
    }

    /** Prints the last {@code lines} lines; returns the file size it read up to. */
    private long printLast(Path file, PrintWriter out) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        Deque<String> last = new ArrayDeque<>();
        long size;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            size = f.length();
            try (Stream<String> all = Files.lines(file, StandardCharsets.UTF_8)) {
                all.forEach(l -> {
                    last.addLast(l);
                    if (last.size() > Math.max(0, lines)) {
                        last.removeFirst();
                    }
                });
            }
        }
        last.forEach(l -> out.println(TerminalText.escape(l)));
        out.flush();
        return size;
    }

    /** Prints what is appended from {@code position} on, polling, until the thread is interrupted. */
    private static void follow(Path file, long position, PrintWriter out) throws IOException {
        long pos = position;
        StringBuilder partial = new StringBuilder();
        while (!Thread.currentThread().isInterrupted()) {
            if (Files.exists(file)) {
                long size = Files.size(file);
                if (size < pos) {
                    pos = 0; // rotated
                }
                if (size > pos) {
                    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                        f.seek(pos);
                        byte[] chunk = new byte[(int) Math.min(size - pos, 1 << 20)];
                        f.readFully(chunk);
                        pos += chunk.length;
                        partial.append(new String(chunk, StandardCharsets.UTF_8));
                    }
                    int nl;
                    while ((nl = partial.indexOf("\n")) >= 0) {
                        out.println(TerminalText.escape(partial.substring(0, nl)));
                        partial.delete(0, nl + 1);
                    }
                    out.flush();
                }
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
