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

/** Serverless Devs s.yaml, FC3 (component: fc3) and FC2 (component: devsapp/fc): mapping, warnings, problems at FILE:LINE:COL. */
class ServerlessDevsTest {
    private static final String FC3 = """
            edition: 3.0.0
            name: app
            access: default
            vars:
              region: cn-hangzhou
              env: {A: x}
            resources:
              fn:
                component: fc3
                props:
                  region: ${vars.region}
                  functionName: fn
                  runtime: nodejs18
                  code: ./code
                  handler: index.handler
            """;
    private static final String FC2 = """
            edition: 1.0.0
            name: app
            access: default
            vars:
              region: cn-hangzhou
              service: {name: svc, description: demo}
            services:
              fn:
                component: devsapp/fc
                props:
                  region: ${vars.region}
                  service: ${vars.service}
                  function:
                    name: fn
                    runtime: nodejs14
                    codeUri: ./code
                    handler: index.handler
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void makeCode() throws IOException {
        Files.createDirectory(dir.resolve("code"));
    }

    private Path code() {
        return dir.resolve("code").toAbsolutePath().normalize();
    }

    @Test
    void fc3PropsMapToTheModel() throws Exception {
        SpecLoader.Loaded loaded = load(FC3 + """
                      memorySize: 1024
                      timeout: 60
                      instanceConcurrency: 10
                      environmentVariables: ${vars.env}
                      instanceLifecycleConfig:
                        initializer: {handler: index.init, timeout: 20}
                        preStop: {handler: index.stop}
                      triggers:
                        - triggerName: web
                          triggerType: http
                          triggerConfig: {authType: anonymous, methods: [GET, post]}
                """);
        assertEquals(List.of(), loaded.warnings());
        assertEquals("app", loaded.app().service());
        assertEquals(new FunctionSpec("app", "fn", Runtime.NODEJS18, Optional.of(code()), CodeMode.MOUNT, Optional.empty(),
                "index.handler", Optional.of("index.init"), Optional.of("index.stop"), Duration.ofSeconds(20), Duration.ofSeconds(60),
                1024, 10, 0, 10, Duration.ofMinutes(5), Map.of("A", "x"),
                List.of(new TriggerSpec("/app/fn", Set.of("GET", "POST"), AuthSpec.NONE, HttpStyle.FC3))),
                loaded.app().function("fn").orElseThrow());
    }

    @Test
    void fc3DefaultsAreFc3s() throws Exception {
        FunctionSpec f = load(FC3).app().function("fn").orElseThrow();
        assertEquals(List.of(512, Duration.ofSeconds(3), 1, Optional.empty(), List.of()),
                List.of(f.memorySize(), f.timeout(), f.instanceConcurrency(), f.initializer(), f.triggers()));
    }

    @Test
    void fc3CustomContainerTakesImagePortEntrypointAndCommand() throws Exception {
        SpecLoader.Loaded loaded = load(FC3.replace("      runtime: nodejs18\n      code: ./code\n      handler: index.handler\n", """
                      runtime: custom-container
                      customContainerConfig:
                        image: registry.local/app:1
                        port: 8080
                        entrypoint: [node]
                        command: [server.js]
                """));
        FunctionSpec f = loaded.app().function("fn").orElseThrow();
        assertEquals(List.of(), loaded.warnings());
        assertEquals(List.of(Optional.of("registry.local/app:1"), 8080, List.of("node"), List.of("server.js")),
                List.of(f.image(), f.caPort(), f.command(), f.args()));
    }

    @Test
    void fc2PropsMapToTheModel() throws Exception {
        SpecLoader.Loaded loaded = load(FC2 + """
                        initializer: index.init
                        initializationTimeout: 20
                        memorySize: 512
                        timeout: 60
                        instanceConcurrency: 10
                        environmentVariables: {A: x}
                        instanceLifecycleConfig: {preStop: {handler: index.stop}}
                      triggers:
                        - name: web
                          type: http
                          config: {authType: anonymous, methods: [GET, POST]}
                """);
        assertEquals(List.of(dir.resolve("s.yaml") + ":15:18: services.fn.props.function.runtime = nodejs14: runs on nodejs18, the nearest runtime localfaas has"),
                loaded.warnings().stream().map(Problem::toString).toList());
        assertEquals("svc", loaded.app().service());
        assertEquals(new FunctionSpec("svc", "fn", Runtime.NODEJS18, Optional.of(code()), CodeMode.MOUNT, Optional.empty(),
                "index.handler", Optional.of("index.init"), Optional.of("index.stop"), Duration.ofSeconds(20), Duration.ofSeconds(60),
                512, 10, 0, 10, Duration.ofMinutes(5), Map.of("A", "x"), List.of(new TriggerSpec("/svc/fn", Set.of("GET", "POST")))),
                loaded.app().function("fn").orElseThrow());
    }

    /** What localfaas cannot apply: loaded, one warning each, at the key. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            diskSize: 512                                            | 16:7: resources.fn.props.diskSize: ignored locally
            layers: ['acs:fc:cn-hangzhou:official:layers/Nodejs20/versions/1'] | 16:16: resources.fn.props.layers[0] = acs:fc:cn-hangzhou:official:layers/Nodejs20/versions/1: FC's official layer Nodejs20 brings Node.js 20; localfaas maps it to the Node.js 18 of its runtime images (/opt/nodejs20/bin links to it): behaviour of Node.js 20 may differ
            environmentVariables: {B: '${this.props.functionName}'}  | 16:33: resources.fn.props.environmentVariables.B = ${this.props.functionName}: ${this.props.functionName} cannot be resolved locally: left empty
            triggers: [{triggerName: t, triggerType: oss, triggerConfig: {events: []}}] | 16:48: resources.fn.props.triggers[0].triggerType = oss: ignored: localfaas serves http and timer triggers only
            triggers: [{triggerName: t, triggerType: http, triggerConfig: {authType: function, methods: [GET]}}] | 16:80: resources.fn.props.triggers[0].triggerConfig.authType = function: FC function auth is not checked locally: the trigger is anonymous (use the native format's auth: jwt to protect it)
            """)
    void fc3IgnoredPropsAreWarnings(String prop, String warning) throws Exception {
        SpecLoader.Loaded loaded = load(FC3 + "      " + prop + "\n");
        assertEquals(List.of(dir.resolve("s.yaml") + ":" + warning), loaded.warnings().stream().map(Problem::toString).toList());
    }

    /** Problems name the s.yaml's own keys, with line and column. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            functionName: fn   | functionNam: fn       | 11:7: resources.fn.props.functionName: is required; 12:7: resources.fn.props.functionNam: unknown key (did you mean functionName?)
            runtime: nodejs18  | runtime: php7.2       | 13:16: resources.fn.props.runtime = php7.2: localfaas cannot run this Function Compute runtime; supported: nodejs18, java17, python3, custom, custom-container (nodejs4.4-nodejs20 run on nodejs18, java8 and java11 on java17, python3.6-python3.12 on python3, custom.debian10-12 on custom)
            code: ./code       | code: ./nowhere       | 14:13: resources.fn.props.code = ./nowhere: no such directory or file (DIR/nowhere)
            handler: index.handler | handler: index.handler\\n      memorySize: 100 | 16:19: resources.fn.props.memorySize = 100: must be 128-32768 MB in steps of 64
            handler: index.handler | handler: index.handler\\n      environmentVariables: {FC_X: y} | 16:30: resources.fn.props.environmentVariables.FC_X: the FC_ prefix is reserved for the platform
            handler: index.handler | handler: index.handler\\n      cpu: 1 | 16:12: resources.fn.props.cpu = 1: memorySize 512 MB is 0.5 GB; Function Compute needs memory (GB) between 1 and 4 times the vCPU, so 1 vCPU needs 1024-4096 MB (or another cpu: 0.15-0.5)
            component: fc3     | component: fc3\\n    props2: {} | 10:5: resources.fn.props2: unknown key (did you mean props?)
            handler: index.handler | handler: index.handler\\n      environmentVariables: {B: '${env(NO_SUCH_VARIABLE)}'} | 16:33: resources.fn.props.environmentVariables.B = ${env(NO_SUCH_VARIABLE)}: environment variable NO_SUCH_VARIABLE is not set
            name: app          | nam: app              | 1:1: name: is required: it names the service of the fc3 functions (their trigger path is /<name>/<function>); 2:1: nam: unknown key (did you mean name?)
            """)
    void fc3Problems(String good, String bad, String expected) {
        String yaml = FC3.replace(good, bad.replace("\\n", "\n"));
        List<Problem> got = assertThrows(ConfigException.class, () -> load(yaml)).problems();
        assertEquals(expected.replace("DIR", dir.toAbsolutePath().normalize().toString()), String.join("; ",
                got.stream().map(p -> p.toString().substring(dir.resolve("s.yaml").toString().length() + 1)).toList()));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            service: ${vars.service} | service: {description: x} | 12:16: services.fn.props.service.name: is required
            name: fn           | nme: fn               | 14:9: services.fn.props.function.nme: unknown key (did you mean name?); 14:9: services.fn.props.function.name: is required
            handler: index.handler | handler: index.handler\\n        memorySize: 100 | 18:21: services.fn.props.function.memorySize = 100: must be 128-32768 MB in steps of 64
            """)
    void fc2Problems(String good, String bad, String expected) {
        String yaml = FC2.replace(good, bad.replace("\\n", "\n"));
        List<Problem> got = assertThrows(ConfigException.class, () -> load(yaml)).problems();
        assertEquals(expected, String.join("; ", got.stream().map(p -> p.toString().substring(dir.resolve("s.yaml").toString().length() + 1)).toList()));
    }

    @Test
    void timerTriggersBecomeTimers() throws Exception {
        SpecLoader.Loaded fc3 = load(FC3 + """
                      triggers:
                        - triggerName: tick
                          triggerType: timer
                          triggerConfig: {cronExpression: '@every 2s', enable: true, payload: awesome-fc}
                """);
        assertEquals(List.of(new TimerSpec("fn", "tick", CronSchedule.parse("@every 2s"), "awesome-fc", true)), fc3.app().timers());
        SpecLoader.Loaded fc2 = load(FC2 + """
                      triggers:
                        - name: nightly
                          type: timer
                          config: {cronExpression: '0 0 2 * * *', enable: false}
                """);
        assertEquals(List.of(new TimerSpec("fn", "nightly", CronSchedule.parse("0 0 2 * * *"), "", false)), fc2.app().timers());
    }

    @Test
    void severalResourcesAndOtherComponents() throws Exception {
        String yaml = FC3 + """
                  other:
                    component: fc3
                    props: {functionName: other, runtime: nodejs18, code: ./code, handler: index.handler}
                  bucket:
                    component: oss
                    props: {bucket: b}
                """;
        SpecLoader.Loaded loaded = load(yaml);
        assertEquals(List.of("fn", "other"), loaded.app().functions().stream().map(FunctionSpec::name).toList());
        assertEquals(List.of(dir.resolve("s.yaml") + ":20:16: resources.bucket.component = oss: ignored: localfaas runs fc3, fc3-domain and devsapp/fc components only"),
                loaded.warnings().stream().map(Problem::toString).toList());
    }

    @Test
    void aFunctionNameIsDeclaredOnce() {
        String yaml = FC3 + """
                  again:
                    component: fc3
                    props: {functionName: fn, runtime: nodejs18, code: ./code, handler: index.handler}
                """;
        List<Problem> got = assertThrows(ConfigException.class, () -> load(yaml)).problems();
        assertEquals(List.of(dir.resolve("s.yaml") + ":18:27: resources.again.props.functionName = fn: function name already declared at resources.fn.props.functionName"),
                got.stream().map(Problem::toString).toList());
    }

    private SpecLoader.Loaded load(String yaml) throws IOException, ConfigException {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return SpecLoader.read(f, Map.of());
    }
}
