package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Funcraft template.yml: the mapping to the model, older runtime names, what is a warning and what is a problem. */
class TemplateTest {
    private static final String HEAD = """
            ROSTemplateFormatVersion: '2015-09-01'
            Transform: 'Aliyun::Serverless-2018-04-03'
            Resources:
              svc:
                Type: 'Aliyun::Serverless::Service'
                fn:
                  Type: 'Aliyun::Serverless::Function'
                  Properties:
                    CodeUri: code
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void code() throws IOException {
        Files.createDirectory(dir.resolve("code"));
    }

    @Test
    void everyPropertyMapsToTheModel() throws Exception {
        SpecLoader.Loaded loaded = load(HEAD + """
                        Handler: index.handler
                        Runtime: nodejs18
                        Initializer: index.init
                        InitializationTimeout: 20
                        Timeout: 60
                        MemorySize: 512
                        InstanceConcurrency: 10
                        EnvironmentVariables: {A: x}
                        InstanceLifecycleConfig: {PreStop: {Handler: index.stop}}
                      Events:
                        web: {Type: HTTP, Properties: {AuthType: ANONYMOUS, Methods: [GET, post]}}
                """);
        FunctionSpec f = loaded.app().function("fn").orElseThrow();
        assertEquals(List.of(), loaded.warnings());
        assertEquals("svc", loaded.app().service());
        assertEquals(PlatformSpec.DEFAULTS, loaded.app().platform());
        assertEquals(new FunctionSpec("svc", "fn", Runtime.NODEJS18, Optional.of(dir.resolve("code").toAbsolutePath().normalize()),
                CodeMode.MOUNT, Optional.empty(), "index.handler", Optional.of("index.init"), Optional.of("index.stop"),
                Duration.ofSeconds(20), Duration.ofSeconds(60), 512, 10, 0, 10, Duration.ofMinutes(5), Map.of("A", "x"),
                List.of(new TriggerSpec("/svc/fn", Set.of("GET", "POST")))), f);
    }

    @Test
    void customContainerTakesItsImageCommandArgsAndPort() throws Exception {
        SpecLoader.Loaded loaded = load(HEAD.replace("        CodeUri: code\n", "") + """
                        Runtime: custom-container
                        CAPort: 8080
                        CustomContainerConfig:
                          Image: 'registry.local/app:1'
                          Command: '["node", "server.js"]'
                          Args: [--port, '8080']
                """);
        FunctionSpec f = loaded.app().function("fn").orElseThrow();
        assertEquals(List.of(), loaded.warnings());
        assertEquals(List.of(Runtime.CUSTOM_CONTAINER, Optional.of("registry.local/app:1"), "", Optional.empty(), 8080,
                List.of("node", "server.js"), List.of("--port", "8080")),
                List.of(f.runtime(), f.image(), f.handler(), f.codeUri(), f.caPort(), f.command(), f.args()));
    }

    @Test
    void aCommandThatIsNotAListIsAProblemAtItsLine() {
        List<Problem> got = assertThrows(ConfigException.class, () -> load(HEAD.replace("        CodeUri: code\n", "") + """
                        Runtime: custom-container
                        CustomContainerConfig: {Image: app, Command: 'node server.js'}
                """)).problems();
        assertEquals(List.of(dir.resolve("template.yml") + ":10:54: Resources.svc.fn.Properties.CustomContainerConfig.Command = "
                + "node server.js: must be a list of strings, for example [node, server.js] or '[\"node\", \"server.js\"]'"),
                got.stream().map(Problem::toString).toList());
    }

    /** Older FC runtime names run on the nearest runtime, with a warning that says so. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            nodejs10, nodejs18
            nodejs12, nodejs18
            nodejs14, nodejs18
            nodejs16, nodejs18
            java8,    java17
            java11,   java17
            """)
    void olderRuntimesRunOnTheNearestWithAWarning(String fcRuntime, String ours) throws Exception {
        SpecLoader.Loaded loaded = load(HEAD + "        Handler: index.handler\n        Runtime: " + fcRuntime + "\n");
        assertEquals(ours, loaded.app().function("fn").orElseThrow().runtime().id());
        assertEquals(List.of(dir.resolve("template.yml") + ":11:18: Resources.svc.fn.Properties.Runtime = " + fcRuntime + ": runs on "
                + ours + ", the nearest runtime localfaas has"), loaded.warnings().stream().map(Problem::toString).toList());
    }

    /** Properties and events localfaas cannot apply: loaded, with one warning each. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Layers: [a]                                        | Resources.svc.fn.Properties.Layers: ignored locally
            CAPort: 8000                                       | Resources.svc.fn.Properties.CAPort = 8000: ignored: a nodejs18 instance listens where its runtime does
            InstanceLifecycleConfig: {PreFreeze: {Handler: f}} | Resources.svc.fn.Properties.InstanceLifecycleConfig.PreFreeze: ignored: localfaas never freezes an instance
            """)
    void ignoredPropertiesAreWarnings(String property, String warning) throws Exception {
        SpecLoader.Loaded loaded = load(HEAD + "        Handler: index.handler\n        Runtime: nodejs18\n        " + property + "\n");
        assertEquals(List.of(warning), loaded.warnings().stream().map(p -> p.toString().substring(p.toString().indexOf(": ") + 2)).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {t: {Type: Timer, Properties: {CronExpression: '0 * * * *'}}} | warning | Resources.svc.fn.Events.t.Type = Timer: ignored: localfaas serves HTTP events only
            {h: {Type: HTTP, Properties: {AuthType: FUNCTION, Methods: [GET]}}} | warning | Resources.svc.fn.Events.h.Properties.AuthType = FUNCTION: FC signature auth is not checked locally: the trigger is anonymous (use the native format's auth: jwt to protect it)
            {h: {Type: HTTP, Properties: {AuthType: RAM, Methods: [GET]}}} | problem | Resources.svc.fn.Events.h.Properties.AuthType = RAM: must be ANONYMOUS or FUNCTION
            {h: {Type: HTTP, Properties: {AuthType: ANONYMOUS}}} | problem | Resources.svc.fn.Events.h.Properties.Methods: is required, for example [GET, POST]
            {h: {Type: HTTP, Properties: {AuthType: ANONYMOUS, Methods: [GET]}}, i: {Type: HTTP, Properties: {AuthType: ANONYMOUS, Methods: [GET]}}} | problem | Resources.svc.fn.Events.i: a function has at most one HTTP trigger
            """)
    void events(String events, String kind, String expected) throws Exception {
        String yaml = HEAD + "        Handler: index.handler\n        Runtime: nodejs18\n      Events: " + events + "\n";
        List<Problem> got;
        if (kind.equals("warning")) {
            got = load(yaml).warnings();
        } else {
            got = assertThrows(ConfigException.class, () -> load(yaml)).problems();
        }
        assertEquals(List.of(expected), got.stream().map(p -> p.toString().substring(p.toString().indexOf(": ") + 2)).toList());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            Transform: 'Aliyun::Serverless-2018-04-03' | Transform = x: must be 'Aliyun::Serverless-2018-04-03'
            Runtime: nodejs18                           | Resources.svc.fn.Properties.Runtime = python2.7: localfaas cannot run this Function Compute runtime; supported: nodejs18, java17, custom-container (nodejs4.4-nodejs20 run on nodejs18, java8 and java11 on java17)
            Handler: index.handler                      | Resources.svc.fn.Properties.Handler: is required, for example index.handler; Resources.svc.fn.Properties.Handlr: unknown key (did you mean Handler?)
            MemorySize: 128                             | Resources.svc.fn.Properties.MemorySize = 100: must be 128-32768 MB in steps of 64
            InstanceConcurrency: 1                      | Resources.svc.fn.Properties.InstanceConcurrency = 300: must be 1-200
            """)
    void problemsNameTheTemplatesKeys(String good, String expected) {
        String bad = switch (good.substring(0, good.indexOf(':'))) {
            case "Transform" -> "Transform: x";
            case "Runtime" -> "Runtime: python2.7";
            case "Handler" -> "Handlr: index.handler";
            case "MemorySize" -> "MemorySize: 100";
            default -> "InstanceConcurrency: 300";
        };
        String yaml = (HEAD + "        Handler: index.handler\n        Runtime: nodejs18\n        MemorySize: 128\n        InstanceConcurrency: 1\n")
                .replace(good, bad);
        List<Problem> got = assertThrows(ConfigException.class, () -> load(yaml)).problems();
        assertEquals(expected, String.join("; ", got.stream().map(p -> p.toString().substring(p.toString().indexOf(": ") + 2)).toList()));
    }

    @Test
    void oneServicePerFile() {
        String second = "  other:\n    Type: 'Aliyun::Serverless::Service'\n";
        List<Problem> got = assertThrows(ConfigException.class,
                () -> load(HEAD + "        Handler: index.handler\n        Runtime: nodejs18\n" + second)).problems();
        assertEquals(List.of(dir.resolve("template.yml") + ":12:3: Resources.other: localfaas runs one Aliyun::Serverless::Service per "
                + "file (the first is svc): put each service in its own template"), got.stream().map(Problem::toString).toList());
    }

    private SpecLoader.Loaded load(String yaml) throws IOException, ConfigException {
        Path f = dir.resolve("template.yml");
        Files.writeString(f, yaml);
        return SpecLoader.read(f, Map.of());
    }
}
