package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus under {@code src/test/resources/bad-configs/}: each file gives exactly its own problems, each with
 * file, line and column where the YAML has them; never an exception other than ConfigException, never a hang.
 */
class BadConfigsTest {
    static final Path CORPUS = Path.of("src", "test", "resources", "bad-configs");
    private static final String RANGE = "must be 1-64 letters, digits, _ or -, not starting with a digit or -";

    @TempDir
    Path dir;

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("empty.yaml", List.of(
                        ": file is empty: it needs service and functions (or a Funcraft template's Resources)")),
                Arguments.of("binary.yaml", List.of(": not UTF-8 text (is it a binary file?)")),
                Arguments.of("tabs.yaml", List.of(
                        ":4:1: invalid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)")),
                Arguments.of("duplicate-keys.yaml", List.of(":8:5: functions.f.timeout: duplicate key (first at line 7)")),
                Arguments.of("wrong-types.yaml", List.of(
                        ":7:17: functions.f.memorySize = large: must be a whole number",
                        ":8:14: functions.f.timeout: must be a single value",
                        ":9:19: functions.f.minInstances = 1.5: must be a whole number",
                        ":10:18: functions.f.idleTimeout = soon: must be a duration such as 500ms, 10s, 5m or a number of seconds",
                        ":11:18: functions.f.environment: must be a mapping of key: value",
                        ":12:15: functions.f.triggers: must be a list of triggers, for example - {path: /hello, methods: [GET]}")),
                Arguments.of("unknown-keys.yaml", List.of(
                        ":2:1: platfrom: unknown key (did you mean platform?)",
                        ":9:5: functions.f.timout: unknown key (did you mean timeout?)",
                        ":10:5: functions.f.memory: unknown key (did you mean memorySize?)",
                        ":13:9: functions.f.triggers[0].method: unknown key (did you mean methods?)")),
                Arguments.of("billion-laughs.yaml", List.of(
                        ": invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=20")),
                Arguments.of("too-deep.yaml", List.of(": invalid YAML: Nesting Depth exceeded max 20")),
                Arguments.of("out-of-range.yaml", List.of(
                        ":3:9: platform.port = 70000: must be 0-65535",
                        ":4:18: platform.maxColdStarts = 0: must be >= 1",
                        ":5:15: platform.adminToken = (5 characters): must have at least 16 characters",
                        ":11:28: functions.f.initializationTimeout = 301s: must be 1-300 s",
                        ":12:14: functions.f.timeout = 601s: must be 1-600 s",
                        ":13:17: functions.f.memorySize = 130: must be 128-32768 MB in steps of 64",
                        ":14:26: functions.f.instanceConcurrency = 201: must be 1-200",
                        ":15:19: functions.f.minInstances = 5: must be <= maxInstances (2)",
                        ":21:14: functions.g.timeout = 500ms: must be 1-600 s",
                        ":22:17: functions.g.memorySize = 32832: must be 128-32768 MB in steps of 64",
                        ":23:26: functions.g.instanceConcurrency = 0: must be 1-200")),
                Arguments.of("template-unsupported-runtime.yml", List.of(
                        ":10:18: Resources.demo.py.Properties.Runtime = php7.2: localfaas cannot run this Function Compute runtime; "
                                + "supported: nodejs18, java17, python3, custom, custom-container (nodejs4.4-nodejs20 run on nodejs18, java8 and java11 on java17, python3.6-python3.12 on python3, custom.debian10-12 on custom)")),
                Arguments.of("unset-variable.yaml", List.of(
                        ":8:16: functions.f.environment.API_KEY = ${LOCALFAAS_TEST_UNSET_VARIABLE}: environment variable "
                                + "LOCALFAAS_TEST_UNSET_VARIABLE is not set (write ${LOCALFAAS_TEST_UNSET_VARIABLE:-default} to give a default)")),
                Arguments.of("not-a-mapping.yaml", List.of(":1:1: must be a mapping of key: value (service:, functions:, ...)")),
                Arguments.of("bad-names.yaml", List.of(
                        ":1:10: service = -svc: " + RANGE,
                        ":4:5: functions.1fn = 1fn: " + RANGE,
                        ":8:7: functions.1fn.environment.FC_REGION: the FC_ prefix is reserved for the platform",
                        ":9:7: functions.1fn.environment.9LIVES: environment variable names start with a letter and hold letters, digits and _")),
                Arguments.of("duplicate-trigger-paths.yaml", List.of(
                        ":14:16: functions.b.triggers = /same/: trigger path is already used by function a",
                        ":15:16: functions.b.triggers[1].path = relative: must start with /",
                        ":15:36: functions.b.triggers[1].methods = FETCH: must be one of GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS")),
                Arguments.of("jwt-short-secret.yaml", List.of(
                        ":9:35: functions.f.triggers[0].auth.secret = (9 characters): an HMAC secret needs at least 256 bits (32 bytes)")),
                Arguments.of("custom-tags.yaml", List.of(
                        ":7:14: functions.f.timeout: YAML tags such as !duration are not allowed: write plain values",
                        ":8:18: functions.f.environment: YAML tags such as !env are not allowed: write plain values")),
                Arguments.of("java-object-tag.yaml", List.of(
                        ":6:14: invalid YAML: Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager")),
                Arguments.of("scaling.yaml", List.of(
                        ":9:15: functions.f.scaling.policy = hpa: must be one of concurrency, watermark",
                        ":10:25: functions.f.scaling.watermarks.cpu = lots: must be a whole percentage such as 70%",
                        ":10:39: functions.f.scaling.watermarks.memory = 120%: must be 1%-100% of memorySize",
                        ":10:45: functions.f.scaling.watermarks.conections: unknown key (did you mean connections?)",
                        ":11:15: functions.f.scaling.window = 0s: must be 1s-1h",
                        ":20:33: functions.g.scaling.watermarks.connections = 8: must be <= instanceConcurrency (4): an instance never holds more requests at once",
                        ":21:21: functions.g.scaling.minInstances = 1: differs from minInstances (2) at line 17: write it in one place",
                        ":27:7: functions.h.scaling.watermarks = (none): policy watermark needs at least one of cpu, memory, connections, for example {cpu: 70%}",
                        ":28:15: functions.h.scaling.window = 2h: must be 1s-1h")),
                Arguments.of("missing-required.yaml", List.of(
                        ":4:5: functions.f.runtime: is required (one of nodejs18, java17, python3, custom, custom-container)",
                        ":4:14: functions.f.codeUri = ./nowhere: no such directory or file (DIR/nowhere)",
                        ":6:5: functions.g.image = (none): a custom-container function needs an image")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadFileGivesItsOwnProblems(String name, List<String> expected) {
        Path file = CORPUS.resolve(name);
        List<String> got = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> problems(file));
        String dirText = CORPUS.toAbsolutePath().normalize().toString();
        assertEquals(expected.stream().map(e -> file + e.replace("DIR", dirText)).toList(), got);
    }

    @Test
    void everyFileInTheCorpusIsInTheTable() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            assertEquals(corpus().map(a -> (String) a.get()[0]).sorted().toList(),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aTwentyMegabyteFileIsRefusedBeforeItIsRead() throws IOException {
        Path big = dir.resolve("big.yaml");
        try (Writer w = Files.newBufferedWriter(big)) {
            String line = "# " + "x".repeat(1021) + "\n";
            for (int i = 0; i < 20 * 1024; i++) {
                w.write(line);
            }
        }
        assertEquals(List.of(big + ": file is 20971520 bytes; a configuration file may have at most 1048576"),
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> problems(big)));
    }

    @Test
    void aDirectoryOrAPipeIsRefusedWithoutReadingIt() throws Exception {
        assertEquals(List.of(dir + ": not a regular file (a directory, device or pipe is not read)"), problems(dir));
        Path fifo = dir.resolve("fifo.yaml");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo available");
        assertEquals(List.of(fifo + ": not a regular file (a directory, device or pipe is not read)"),
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> problems(fifo)));
    }

    static List<String> problems(Path file) {
        ConfigException e = assertThrows(ConfigException.class, () -> SpecLoader.read(file, Map.of()));
        return e.problems().stream().map(Problem::toString).toList();
    }
}
