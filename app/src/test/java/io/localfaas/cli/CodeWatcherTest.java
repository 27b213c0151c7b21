package io.localfaas.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Code reload: which files count, when a change is applied, and the watcher reporting it. */
class CodeWatcherTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            index.js,                        false
            lib/util.js,                     false
            node_modules/x/index.js,         false
            node_modules/.cache/babel/a.json, true
            .git/HEAD,                       true
            .index.js.swp,                   true
            index.js~,                       true
            .#index.js,                      true
            4913,                            true
            '#index.js#',                    true
            target/app.jar,                  false
            """)
    void whichFilesCount(String path, boolean ignored) {
        assertEquals(ignored, CodeWatcher.ignored(Path.of(path)));
    }

    private static CodeWatcher.Snapshot snap(String... kv) {
        Map<String, String> m = new java.util.TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new CodeWatcher.Snapshot(m);
    }

    @ParameterizedTest(name = "applied {0}, previous {1}, current {2} -> {3}")
    @CsvSource(textBlock = """
            v1, v1, v1, false
            v1, v1, v2, false
            v1, v2, v2, true
            v1, v2, v3, false
            v2, v2, v2, false
            v1, v2, v1, false
            """)
    void aChangeIsAppliedOnceItIsQuiet(String applied, String previous, String current, boolean reload) {
        assertEquals(reload, CodeWatcher.settled(snap("index.js", applied), snap("index.js", previous), snap("index.js", current)));
    }

    @Test
    void firstDifferenceNamesTheFile() {
        assertEquals(Optional.of("b.js"), snap("a.js", "1", "b.js", "2").firstDifference(snap("a.js", "1", "b.js", "1")));
        assertEquals(Optional.of("new.js"), snap("a.js", "1", "new.js", "1").firstDifference(snap("a.js", "1")));
        assertEquals(Optional.of("gone.js"), snap("a.js", "1").firstDifference(snap("a.js", "1", "gone.js", "1")));
    }

    @Test
    void anEditIsReportedOnceAndSwapFilesAreNot() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));
        Files.writeString(code.resolve("index.js"), "v1");
        FunctionSpec fn = new FunctionSpec("s", "f", Runtime.NODEJS18, Optional.of(code), CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 1, Duration.ofMinutes(5),
                Map.of(), List.of());
        List<String> changes = new CopyOnWriteArrayList<>();
        try (CodeWatcher w = new CodeWatcher(List.of(fn), Duration.ofMillis(20), (f, what) -> changes.add(f + " " + what))) {
            assertEquals(1, w.watching());
            Files.writeString(code.resolve(".index.js.swp"), "swap");
            Files.writeString(code.resolve("index.js"), "v2 is longer");
            await().atMost(Duration.ofSeconds(10)).until(() -> !changes.isEmpty());
            assertEquals(List.of("f index.js"), changes);
        }
    }

    @Test
    void functionsWithCodeAreWatchedInEitherCodeModeAndCustomContainersAreNot() throws Exception {
        Path code = Files.createDirectory(dir.resolve("both"));
        Files.writeString(code.resolve("index.js"), "v1");
        List<FunctionSpec> fns = new java.util.ArrayList<>();
        for (CodeMode mode : CodeMode.values()) {
            fns.add(new FunctionSpec("s", "f" + mode, Runtime.NODEJS18, Optional.of(code), mode, Optional.empty(), "index.handler",
                    Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 1, Duration.ofMinutes(5),
                    Map.of(), List.of()));
        }
        fns.add(new FunctionSpec("s", "custom", Runtime.CUSTOM_CONTAINER, Optional.empty(), CodeMode.MOUNT, Optional.of("my/app:1"), "",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 1, Duration.ofMinutes(5), Map.of(),
                List.of(), 9000, List.of(), List.of()));
        try (CodeWatcher w = new CodeWatcher(fns, Duration.ofMinutes(1), (f, what) -> { })) {
            assertEquals(CodeMode.values().length, w.watching());
        }
    }
}
