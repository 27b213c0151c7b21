package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecLoaderTest {
    private static final Path CONFIG = Path.of("..", "config");

    @TempDir
    Path dir;

    static Stream<Path> shippedConfigs() throws IOException {
        try (Stream<Path> files = Files.list(CONFIG)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            assertFalse(yaml.isEmpty(), "config/ ships at least one file");
            return yaml.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedConfigs")
    void everyShippedConfigLoads(Path file) throws ConfigException {
        AppSpec app = SpecLoader.load(file);
        assertFalse(app.functions().isEmpty());
        app.functions().forEach(f -> f.codeUri().ifPresent(code -> assertTrue(Files.isDirectory(code), code + " exists")));
    }

    @ParameterizedTest
    @MethodSource("shippedConfigs")
    void shippedConfigsGiveNoWarnings(Path file) throws ConfigException {
        assertEquals(List.of(), SpecLoader.read(file, java.util.Map.of()).warnings());
    }

    /** The greetings sample as a native file and as a Funcraft template: the same service, platform and functions. */
    @Test
    void nativeAndTemplateGreetingsLoadTheSameFunctions() throws ConfigException {
        AppSpec nativeApp = SpecLoader.read(CONFIG.resolve("greetings.yaml"), java.util.Map.of()).app();
        AppSpec template = SpecLoader.read(CONFIG.resolve("greetings-template.yml"), java.util.Map.of()).app();
        assertEquals(2, nativeApp.functions().size());
        assertEquals(nativeApp.service(), template.service());
        assertEquals(nativeApp.platform(), template.platform());
        assertEquals(nativeApp.functions(), template.functions());
    }

    /** The greetings sample as a Serverless Devs FC3 s.yaml: the same as the native file. */
    @Test
    void nativeAndServerlessDevsGreetingsLoadTheSameFunctions() throws ConfigException {
        AppSpec nativeApp = SpecLoader.read(CONFIG.resolve("greetings.yaml"), java.util.Map.of()).app();
        AppSpec sYaml = SpecLoader.read(CONFIG.resolve("greetings-s.yaml"), java.util.Map.of()).app();
        assertEquals(nativeApp.service(), sYaml.service());
        assertEquals(nativeApp.platform(), sYaml.platform());
        assertEquals(nativeApp.functions(), sYaml.functions());
    }

    @Test
    void nativeTimersAreRead() throws Exception {
        Files.createDirectories(dir.resolve("code"));
        Path f = dir.resolve("app.yaml");
        Files.writeString(f, """
                service: s
                functions:
                  f:
                    runtime: nodejs18
                    codeUri: code
                    handler: index.handler
                    timers:
                      - {name: tick, cron: '@every 2s', payload: hello}
                      - {cron: '0 0 8 * * *', enabled: false}
                """);
        assertEquals(List.of(new TimerSpec("f", "tick", CronSchedule.parse("@every 2s"), "hello", true),
                new TimerSpec("f", "timer", CronSchedule.parse("0 0 8 * * *"), "", false)), SpecLoader.load(f).timers());
    }

    @Test
    void helloConfigHasTheValuesWritten() throws ConfigException {
        AppSpec app = SpecLoader.load(CONFIG.resolve("hello.yaml"));
        FunctionSpec hello = app.function("hello").orElseThrow();
        assertEquals("hello", app.service());
        assertEquals(Runtime.NODEJS18, hello.runtime());
        assertEquals("index.handler", hello.handler());
        assertEquals(Optional.of("index.initializer"), hello.initializer());
        assertEquals(Duration.ofSeconds(3), hello.initializationTimeout());
        assertEquals(Duration.ofSeconds(10), hello.timeout());
        assertEquals(List.of(new TriggerSpec("/hello", java.util.Set.of("GET", "POST"))), hello.triggers());
        assertEquals(8080, app.platform().port());
    }

    @Test
    void defaultsApplyWhenKeysAreAbsent() throws Exception {
        Files.createDirectory(dir.resolve("code"));
        FunctionSpec f = load("service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n")
                .function("f").orElseThrow();
        assertEquals(Duration.ofSeconds(3), f.timeout());
        assertEquals(Duration.ofSeconds(3), f.initializationTimeout());
        assertEquals(128, f.memorySize());
        assertEquals(1, f.instanceConcurrency());
        assertEquals(0, f.minInstances());
        assertEquals(10, f.maxInstances());
        assertEquals(Duration.ofMinutes(5), f.idleTimeout());
        assertEquals(Optional.empty(), f.initializer());
        assertEquals(dir.resolve("code").toAbsolutePath().normalize(), f.codeUri().orElseThrow());
    }

    @Test
    void maxQueueDefaultsAndIsRead() throws Exception {
        Files.createDirectory(dir.resolve("code"));
        String fn = "functions:\n  f:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n";
        assertEquals(PlatformSpec.DEFAULT_MAX_QUEUE, load("service: s\n" + fn).platform().maxQueue());
        assertEquals(7, load("service: s\nplatform: {maxQueue: 7}\n" + fn).platform().maxQueue());
        ConfigException e = assertThrows(ConfigException.class, () -> load("service: s\nplatform: {maxQueue: -1}\n" + fn));
        assertTrue(e.getMessage().contains("maxQueue"), e.getMessage());
    }

    @Test
    void everyProblemIsReportedWithFileLineAndColumn() throws Exception {
        Files.createDirectory(dir.resolve("code"));
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                service: s
                functions:
                  f:
                    runtime: nodejs18
                    codeUri: code
                    handler: index.handler
                    instanceConcurrency: 300
                    memorySize: 100
                    timout: 3
                """));
        List<String> lines = e.problems().stream().map(Problem::toString).toList();
        Path file = dir.resolve("app.yaml");
        assertTrue(lines.contains(file + ":9:5: functions.f.timout: unknown key (did you mean timeout?)"), lines.toString());
        assertTrue(lines.contains(file + ":7:26: functions.f.instanceConcurrency = 300: must be 1-200"), lines.toString());
    }

    @Test
    void missingFileIsOneClearLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> SpecLoader.load(dir.resolve("nope.yaml")));
        assertEquals(List.of(dir.resolve("nope.yaml") + ": no such file"), e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void emptyFileSaysWhatIsNeeded() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(""));
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().contains("file is empty"), e.getMessage());
    }

    @Test
    void invalidYamlNamesTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("service: s\nfunctions: [\n"));
        assertTrue(e.getMessage().contains("invalid YAML"), e.getMessage());
        assertTrue(e.problems().get(0).line() > 0);
    }

    @Test
    void unknownRuntimeListsTheKnownOnes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("service: s\nfunctions:\n  f:\n    runtime: cobol\n    handler: x\n"));
        assertTrue(e.getMessage().contains("functions.f.runtime = cobol: unknown runtime; known: nodejs18, java17, python3, custom, custom-container"), e.getMessage());
    }

    @Test
    void jwtTriggerLoadsAndAShortSecretIsRefusedAtItsLine() throws Exception {
        Files.createDirectory(dir.resolve("code"));
        String head = "service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n"
                + "    triggers:\n      - path: /f\n        auth:\n          type: jwt\n";
        AuthSpec auth = load(head + "          secret: 0123456789abcdef0123456789abcdef\n          audience: todo\n")
                .function("f").orElseThrow().triggers().get(0).auth();
        assertEquals(AuthSpec.Type.JWT, auth.type());
        assertEquals(java.util.Set.of("HS256"), auth.algorithms());
        assertEquals(Optional.of("todo"), auth.audience());
        ConfigException e = assertThrows(ConfigException.class, () -> load(head + "          secret: short\n"));
        assertEquals(List.of(dir.resolve("app.yaml") + ":11:19: functions.f.triggers[0].auth.secret = (5 characters): "
                + "an HMAC secret needs at least 256 bits (32 bytes)"), e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void customContainerTakesCaPortCommandAndArgsAndRejectsABadPort() throws Exception {
        String head = "service: s\nfunctions:\n  c:\n    runtime: custom-container\n    image: my/app:1\n";
        FunctionSpec c = load(head + "    caPort: 8080\n    command: [node]\n    args: [server.js, --quiet]\n").function("c").orElseThrow();
        assertEquals(8080, c.caPort());
        assertEquals(List.of("node"), c.command());
        assertEquals(List.of("server.js", "--quiet"), c.args());
        assertEquals(FunctionSpec.DEFAULT_CA_PORT, load(head).function("c").orElseThrow().caPort());
        ConfigException e = assertThrows(ConfigException.class, () -> load(head + "    caPort: 70000\n"));
        assertTrue(e.getMessage().contains("functions.c.caPort = 70000: must be 1-65535"), e.getMessage());
        ConfigException notAList = assertThrows(ConfigException.class, () -> load(head + "    command: node server.js\n"));
        assertTrue(notAList.getMessage().contains("functions.c.command"), notAList.getMessage());
    }

    private AppSpec load(String yaml) throws IOException, ConfigException {
        Path f = dir.resolve("app.yaml");
        Files.writeString(f, yaml);
        return SpecLoader.load(f);
    }
}
