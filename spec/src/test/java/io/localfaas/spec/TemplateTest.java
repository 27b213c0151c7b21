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
            python3.9,  python3
            python3.10, python3
            python3.12, python3
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
            Layers: ['acs:fc:cn-hangzhou:official:layers/Java17/versions/1'] | Resources.svc.fn.Properties.Layers[0] = acs:fc:cn-hangzhou:official:layers/Java17/versions/1: FC's official layer Java17 brings Java 17; localfaas maps it to the Java 17 of its runtime images (/opt/java17 links to it)
            CAPort: 8000                                       | Resources.svc.fn.Properties.CAPort = 8000: ignored: a nodejs18 instance listens where its runtime does
            InstanceLifecycleConfig: {PreFreeze: {Handler: f}} | Resources.svc.fn.Properties.InstanceLifecycleConfig.PreFreeze: ignored: localfaas never freezes an instance
            """)
    void ignoredPropertiesAreWarnings(String property, String warning) throws Exception {
        SpecLoader.Loaded loaded = load(HEAD + "        Handler: index.handler\n        Runtime: nodejs18\n        " + property + "\n");
        assertEquals(List.of(warning), loaded.warnings().stream().map(p -> p.toString().substring(p.toString().indexOf(": ") + 2)).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {t: {Type: OSS, Properties: {BucketName: b}}} | warning | Resources.svc.fn.Events.t.Type = OSS: ignored: localfaas serves HTTP and Timer events only
            {t: {Type: Timer, Properties: {CronExpression: '0 * * * *'}}} | problem | Resources.svc.fn.Events.t.Properties.CronExpression = 0 * * * *: must be six cron fields (seconds minutes hours day-of-month month day-of-week, UTC), for example '0 0/5 * * * *', or '@every 1m'
            {t: {Type: Timer, Properties: {Enable: true}}} | problem | Resources.svc.fn.Events.t.Properties.CronExpression: is required, for example '0 0/5 * * * *' (six fields, UTC) or '@every 1m'
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
            Runtime: nodejs18                           | Resources.svc.fn.Properties.Runtime = python2.7: localfaas cannot run this Function Compute runtime; supported: nodejs18, java17, python3, custom, custom-container (nodejs4.4-nodejs20 run on nodejs18, java8 and java11 on java17, python3.6-python3.12 on python3, custom.debian10-12 on custom)
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
    void timerEventsBecomeTimers() throws Exception {
        SpecLoader.Loaded loaded = load(HEAD + "        Handler: index.handler\n        Runtime: nodejs18\n      Events:\n"
                + "        tick: {Type: Timer, Properties: {CronExpression: '@every 1m', Enable: true, Payload: awesome-fc}}\n"
                + "        off: {Type: Timer, Properties: {CronExpression: '0 0 8 * * *', Enable: false}}\n");
        assertEquals(List.of(new TimerSpec("fn", "tick", CronSchedule.parse("@every 1m"), "awesome-fc", true),
                new TimerSpec("fn", "off", CronSchedule.parse("0 0 8 * * *"), "", false)), loaded.app().timers());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void severalServicesInOneFile() throws Exception {
        String second = """
                  other:
                    Type: 'Aliyun::Serverless::Service'
                    fn2:
                      Type: 'Aliyun::Serverless::Function'
                      Properties: {CodeUri: code, Handler: index.handler, Runtime: nodejs18}
                      Events: {h: {Type: HTTP, Properties: {AuthType: ANONYMOUS, Methods: [GET]}}}
                """;
        SpecLoader.Loaded loaded = load(HEAD + "        Handler: index.handler\n        Runtime: nodejs18\n" + second);
        assertEquals("svc", loaded.app().service());
        assertEquals(List.of("svc/fn", "other/fn2"), loaded.app().functions().stream().map(f -> f.service() + "/" + f.name()).toList());
        assertEquals("/other/fn2", loaded.app().function("fn2").orElseThrow().triggers().get(0).path());
    }

    @Test
    void aFunctionNameIsDeclaredOnceAcrossServices() {
        String second = """
                  other:
                    Type: 'Aliyun::Serverless::Service'
                    fn:
                      Type: 'Aliyun::Serverless::Function'
                      Properties: {CodeUri: code, Handler: index.handler, Runtime: nodejs18}
                """;
        List<Problem> got = assertThrows(ConfigException.class,
                () -> load(HEAD + "        Handler: index.handler\n        Runtime: nodejs18\n" + second)).problems();
        assertEquals(List.of(dir.resolve("template.yml") + ":14:5: Resources.other.fn: function name already declared at Resources.svc.fn "
                + "(localfaas knows functions by name)"), got.stream().map(Problem::toString).toList());
    }

    /** ROS tags: resolved from Parameters' defaults and resource names, else a warning at their line and "". */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            !Ref Greeting                                   | hi          |
            !Ref svc                                        | svc         |
            !GetAtt svc.ServiceName                         | svc         |
            '!GetAtt [fn, FunctionName]'                    | fn          |
            !Sub '${Greeting}-${svc.ServiceName}-${!Keep}'  | hi-svc-${Keep} |
            '!Sub [''${A}/${Greeting}'', {A: !Ref fn}]'     | fn/hi       |
            '!Join [''-'', [a, !Ref Greeting, !GetAtt fn.FunctionName]]' | a-hi-fn |
            !Ref NoDefault                                  | ''          | 19:14: Resources.svc.fn.Properties.EnvironmentVariables.X = !Ref: cannot be resolved locally (refers to NoDefault, which is neither a Parameter with a Default nor a resource): used as ""
            !GetAtt fn.ARN                                  | ''          | 19:14: Resources.svc.fn.Properties.EnvironmentVariables.X = !GetAtt: cannot be resolved locally (only the ServiceName / FunctionName of a resource in this file are known locally): used as ""
            !Ref ALIYUN::AccountId                          | ''          | 19:14: Resources.svc.fn.Properties.EnvironmentVariables.X = !Ref: cannot be resolved locally (refers to ALIYUN::AccountId, which is neither a Parameter with a Default nor a resource): used as ""
            """)
    void tags(String tagged, String expected, String warning) throws Exception {
        String yaml = """
                ROSTemplateFormatVersion: '2015-09-01'
                Transform: 'Aliyun::Serverless-2018-04-03'
                Parameters:
                  Greeting: {Type: String, Default: hi}
                  NoDefault: {Type: String}
                Outputs:
                  Url: {Value: !GetAtt svc.Arn}
                Resources:
                  svc:
                    Type: 'Aliyun::Serverless::Service'
                    fn:
                      Type: 'Aliyun::Serverless::Function'
                      Properties:
                        CodeUri: code
                        Handler: index.handler
                        Runtime: nodejs18
                        Description: !Sub 'the ${svc.ServiceName} function'
                        EnvironmentVariables:
                          X: TAGGED
                """.replace("TAGGED", tagged);
        SpecLoader.Loaded loaded = load(yaml);
        assertEquals(expected, loaded.app().function("fn").orElseThrow().environment().get("X"));
        assertEquals(warning == null ? List.of() : List.of(dir.resolve("template.yml") + ":" + warning),
                loaded.warnings().stream().map(Problem::toString).filter(w -> !w.contains("Outputs: ignored")).toList());
    }

    @Test
    void tagsOutsideTemplatesAreStillProblems() throws Exception {
        Path f = dir.resolve("app.yaml");
        Files.writeString(f, "service: s\nfunctions:\n  f: {runtime: nodejs18, codeUri: code, handler: !Ref x}\n");
        List<Problem> got = assertThrows(ConfigException.class, () -> SpecLoader.read(f, Map.of())).problems();
        assertEquals(List.of(f + ":3:50: functions.f.handler: YAML tags such as !Ref are not allowed: write plain values"),
                got.stream().map(Problem::toString).toList());
    }

    /** A zip CodeUri is extracted into the state dir, reused while the zip is unchanged, re-extracted when it changes. */
    @Test
    void zipCodeUriIsExtractedIntoTheStateDir() throws Exception {
        Path state = dir.resolve("state");
        Path zip = dir.resolve("code.zip");
        zip(zip, Map.of("index.js", "exports.handler = () => 1;", "lib/util.js", "//"));
        String yaml = HEAD.replace("CodeUri: code", "CodeUri: code.zip") + "        Handler: index.handler\n        Runtime: nodejs18\n";
        Files.writeString(dir.resolve("template.yml"), yaml);
        Map<String, String> env = Map.of("LOCALFAAS_STATE_DIR", state.toString());
        Path first = SpecLoader.read(dir.resolve("template.yml"), env).app().function("fn").orElseThrow().codeUri().orElseThrow();
        assertEquals(state.resolve("code").toAbsolutePath(), first.getParent());
        assertEquals("exports.handler = () => 1;", Files.readString(first.resolve("index.js")));
        assertEquals(true, Files.isRegularFile(first.resolve("lib/util.js")));
        Files.writeString(first.resolve("marker"), "kept");
        Path again = SpecLoader.read(dir.resolve("template.yml"), env).app().function("fn").orElseThrow().codeUri().orElseThrow();
        assertEquals(first, again);
        assertEquals(true, Files.exists(again.resolve("marker")), "an unchanged zip is not extracted again");
        zip(zip, Map.of("index.js", "exports.handler = () => 2;"));
        Path changed = SpecLoader.read(dir.resolve("template.yml"), env).app().function("fn").orElseThrow().codeUri().orElseThrow();
        assertEquals(false, changed.equals(first));
        assertEquals("exports.handler = () => 2;", Files.readString(changed.resolve("index.js")));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            ../escape.js | cannot extract the zip: entry ../escape.js points outside the folder
            ''           | cannot extract the zip: not a zip file, or an empty one
            """)
    void aBadZipIsAProblemAtCodeUri(String entry, String rule) throws Exception {
        Path zip = dir.resolve("code.zip");
        if (entry.isEmpty()) {
            Files.writeString(zip, "not a zip");
        } else {
            zip(zip, Map.of(entry, "x"));
        }
        String yaml = HEAD.replace("CodeUri: code", "CodeUri: code.zip") + "        Handler: index.handler\n        Runtime: nodejs18\n";
        Files.writeString(dir.resolve("template.yml"), yaml);
        List<Problem> got = assertThrows(ConfigException.class,
                () -> SpecLoader.read(dir.resolve("template.yml"), Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()))).problems();
        assertEquals(List.of(dir.resolve("template.yml") + ":9:18: Resources.svc.fn.Properties.CodeUri = code.zip: " + rule),
                got.stream().map(Problem::toString).toList());
    }

    private static void zip(Path zip, Map<String, String> files) throws IOException {
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (var e : new java.util.TreeMap<>(files).entrySet()) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    private SpecLoader.Loaded load(String yaml) throws IOException, ConfigException {
        Path f = dir.resolve("template.yml");
        Files.writeString(f, yaml);
        return SpecLoader.read(f, Map.of());
    }
}
