package io.localfaas.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the load-test ITs share (LoadtestIT, LoadtestTraceIT): {@code faas loadtest|tune|simulate} run as its
 * own process, its arguments against a platform, and a function's own count of a marker it prints.
 */
final class LoadtestRuns {
    private LoadtestRuns() {
    }

    /** A {@code faas} child's exit code, stdout and stderr. */
    record Run(int rc, String out, String err) {
    }

    /** Runs {@code faas ARGS} as a child process. */
    static Run faas(String... args) throws IOException, InterruptedException {
        try (ChildPlatform child = new ChildPlatform(Map.of(), args)) {
            // A run stops by itself at its --duration (at most 60 s here); the bound leaves a busy machine room for the
            // JVM's start and the report.
            int rc = child.awaitExit(Duration.ofSeconds(180));
            return new Run(rc, String.join("\n", child.out()), String.join("\n", child.err()));
        }
    }

    /** {@code COMMAND FUNCTION --gateway … --admin-token … --quiet MORE} against {@code platform}. */
    static String[] against(ProbePlatform platform, String command, String function, String... more) {
        List<String> a = new ArrayList<>(List.of(command, function, "--gateway", platform.gateway.baseUrl(), "--admin-token",
                platform.adminToken(), "--quiet"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** How many lines of {@code function}'s captured output contain {@code marker}: the function's own count. */
    static long lines(ProbePlatform platform, String function, String marker) throws IOException {
        Path file = platform.engine.logs().file(function);
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(marker)).count();
        }
    }
}
