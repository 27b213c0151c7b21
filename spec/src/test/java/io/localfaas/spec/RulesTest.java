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
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule of the native format at its boundaries, and every default, as tables. */
class RulesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void code() throws IOException {
        Files.createDirectory(dir.resolve("code"));
    }

    /** One function key set to one value: "ok" or the exact problem after {@code functions.f.}. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            initializationTimeout | 1s      | ok
            initializationTimeout | 300     | ok
            initializationTimeout | 999ms   | initializationTimeout = 999ms: must be 1-300 s
            initializationTimeout | 301s    | initializationTimeout = 301s: must be 1-300 s
            initializationTimeout | 6m      | initializationTimeout = 6m: must be 1-300 s
            timeout               | 1       | ok
            timeout               | 10m     | ok
            timeout               | 0       | timeout = 0s: must be 1-600 s
            timeout               | 601     | timeout = 601s: must be 1-600 s
            timeout               | 2h      | timeout = 2h: must be 1-600 s
            timeout               | 3 sec   | timeout = 3 sec: must be a duration such as 500ms, 10s, 5m or a number of seconds
            timeout               | -1      | timeout = -1: must be a duration such as 500ms, 10s, 5m or a number of seconds
            instanceConcurrency   | 1       | ok
            instanceConcurrency   | 200     | ok
            instanceConcurrency   | 0       | instanceConcurrency = 0: must be 1-200
            instanceConcurrency   | 201     | instanceConcurrency = 201: must be 1-200
            memorySize            | 128     | ok
            memorySize            | 192     | ok
            memorySize            | 32768   | ok
            memorySize            | 64      | memorySize = 64: must be 128-32768 MB in steps of 64
            memorySize            | 200     | memorySize = 200: must be 128-32768 MB in steps of 64
            memorySize            | 32832   | memorySize = 32832: must be 128-32768 MB in steps of 64
            memorySize            | 1e3     | memorySize = 1e3: must be a whole number
            minInstances          | 10      | ok
            minInstances          | 11      | minInstances = 11: must be <= maxInstances (10)
            minInstances          | -1      | minInstances = -1: must be >= 0
            maxInstances          | 1       | ok
            maxInstances          | 0       | maxInstances = 0: must be >= 1
            idleTimeout           | 500ms   | ok
            idleTimeout           | 0       | idleTimeout = 0s: must be positive
            codeMode              | image   | ok
            codeMode              | copy    | codeMode = copy: must be one of mount, image
            runtime               | java17  | ok
            runtime               | python3 | ok
            runtime               | cobol   | runtime = cobol: unknown runtime; known: nodejs18, java17, python3, custom, custom-container
            runtime               | php7.2  | runtime = php7.2: localfaas cannot run this Function Compute runtime; supported: nodejs18, java17, python3, custom, custom-container (nodejs4.4-nodejs20 run on nodejs18, java8 and java11 on java17, python3.6-python3.12 on python3, custom.debian10-12 on custom)
            codeUri               | missing | codeUri = missing: no such directory or file (DIR/missing)
            handler               | '[a]'   | handler: must be a single value
            handler               | ""      | handler = "": a nodejs18 function needs a handler
            initializer           | ~       | initializer: has no value: give it one ("" for an empty string) or remove the key
            stemCells             | false   | ok
            stemCells             | true    | ok
            stemCells             | never   | stemCells = never: must be true or false
            """)
    void functionKeyRules(String key, String value, String expected) throws IOException {
        String yaml = "service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n";
        yaml = yaml.replaceAll("(?m)^    " + key + ": .*\\n", "") + "    " + key + ": " + value + "\n";
        assertEquals(expected, outcome(yaml, "functions.f."));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            port           | 0          | ok
            port           | 65535      | ok
            port           | 65536      | port = 65536: must be 0-65535
            maxColdStarts  | 0          | maxColdStarts = 0: must be >= 1
            imageCacheSize | 0          | imageCacheSize = 0: must be >= 1
            startTimeout   | 0          | startTimeout = 0s: must be positive
            maxQueueWait   | 250ms      | ok
            maxQueueWait   | 0ms        | maxQueueWait = 0s: must be positive
            maxQueue       | 0          | ok
            maxQueue       | -1         | maxQueue = -1: must be >= 0
            backend        | process    | backend = process: a project file cannot turn isolation off (the process backend runs its functions as your user, unsandboxed); choose it yourself on the command line: faas up --backend process
            backend        | podman     | backend = podman: must be one of auto, docker, process
            adminToken     | 0123456789abcdef | ok
            adminToken     | 0123456789abcde  | adminToken = (15 characters): must have at least 16 characters
            maxBodyBytes   | 1048576    | ok
            maxBodyBytes   | 0          | maxBodyBytes = 0: must be >= 1
            maxAsyncBodyBytes | 262144  | ok
            maxAsyncBodyBytes | 0       | maxAsyncBodyBytes = 0: must be >= 1
            stemCells      | off        | ok
            stemCells      | 0          | ok
            stemCells      | 16         | ok
            stemCells      | 17         | stemCells = 17: must be off or a number of stem cells per runtime from 1 to 16
            stemCells      | -1         | stemCells = -1: must be off or a number of stem cells per runtime from 1 to 16
            stemCells      | many       | stemCells = many: must be off or a number of stem cells per runtime from 1 to 16
            """)
    void platformKeyRules(String key, String value, String expected) throws IOException {
        String yaml = "service: s\nplatform:\n  " + key + ": " + value + "\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: code\n"
                + "    handler: index.handler\n";
        assertEquals(expected, outcome(yaml, "platform."));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            s                         | ok
            a-b_C9                    | ok
            _x                        | ok
            9s                        | must be 1-64 letters, digits, _ or -, not starting with a digit or -
            -s                        | must be 1-64 letters, digits, _ or -, not starting with a digit or -
            a.b                       | must be 1-64 letters, digits, _ or -, not starting with a digit or -
            """)
    void serviceNameRule(String name, String expected) throws IOException {
        String yaml = "service: '" + name + "'\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n";
        String got = outcome(yaml, "");
        assertEquals(expected, got.equals("ok") ? got : got.substring(got.indexOf(": ") + 2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {path: /a, methods: [get, Post]}        | ok
            {path: /a}                              | ok
            {path: a}                               | triggers[0].path = a: must start with /
            {methods: [GET]}                        | triggers[0].path: is required, for example /hello
            {path: /a, methods: []}                 | triggers[0].methods = []: must be a non-empty subset of GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS
            {path: /a, methods: GET}                | triggers[0].methods: must be a list, for example [GET, POST]
            {path: /a, auth: {type: none}}          | ok
            {path: /a, auth: {type: basic}}         | triggers[0].auth.type = basic: must be one of none, jwt
            {path: /a, auth: {type: jwt}}           | triggers[0].auth.publicKey = (none): RS256/ES256 need publicKey or jwks
            {path: /a, auth: {type: jwt, algorithms: [HS512], secret: 0123456789abcdef0123456789abcdef}} | ok
            {path: /a, auth: {type: jwt, algorithms: [HS256, RS256], secret: 0123456789abcdef0123456789abcdef}} | triggers[0].auth.publicKey = (none): RS256/ES256 need publicKey or jwks; triggers[0].auth.algorithms = [HS256, RS256]: mix no HMAC (HS*) and public-key (RS256, ES256) algorithms on one trigger
            {path: /a, auth: {type: jwt, algorithms: [HS256]}} | triggers[0].auth.secret = (none): HS* algorithms need a secret
            {path: /a, auth: {type: jwt, algorithms: [none], secret: 0123456789abcdef0123456789abcdef}} | triggers[0].auth.algorithms = [NONE]: must be a non-empty subset of [ES256, HS256, HS384, HS512, RS256]
            """)
    void triggerRules(String trigger, String expected) throws IOException {
        String yaml = "service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n"
                + "    triggers:\n      - " + trigger + "\n";
        assertEquals(expected, outcome(yaml, "functions.f."));
    }

    /** Every default of a function key, read from a file that sets none of them. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            initializationTimeout | PT3S
            timeout               | PT3S
            memorySize            | 128
            instanceConcurrency   | 1
            minInstances          | 0
            maxInstances          | 10
            idleTimeout           | PT5M
            codeMode              | MOUNT
            initializer           | Optional.empty
            preStop               | Optional.empty
            image                 | Optional.empty
            environment           | {}
            triggers              | []
            stemCells             | true
            """)
    void functionDefaults(String key, String expected) throws Exception {
        FunctionSpec f = load("service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n")
                .function("f").orElseThrow();
        Map<String, Function<FunctionSpec, Object>> read = Map.ofEntries(
                Map.entry("initializationTimeout", FunctionSpec::initializationTimeout), Map.entry("timeout", FunctionSpec::timeout),
                Map.entry("memorySize", FunctionSpec::memorySize), Map.entry("instanceConcurrency", FunctionSpec::instanceConcurrency),
                Map.entry("minInstances", FunctionSpec::minInstances), Map.entry("maxInstances", FunctionSpec::maxInstances),
                Map.entry("idleTimeout", FunctionSpec::idleTimeout), Map.entry("codeMode", FunctionSpec::codeMode),
                Map.entry("initializer", FunctionSpec::initializer), Map.entry("preStop", FunctionSpec::preStop),
                Map.entry("image", FunctionSpec::image), Map.entry("environment", FunctionSpec::environment),
                Map.entry("triggers", FunctionSpec::triggers), Map.entry("stemCells", FunctionSpec::stemCells));
        assertEquals(expected, String.valueOf(read.get(key).apply(f)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            host           | 127.0.0.1
            port           | 8080
            startTimeout   | PT30S
            maxQueueWait   | PT1M
            maxColdStarts  | 4
            backend        | AUTO
            imageCacheSize | 50
            adminToken     | Optional.empty
            maxQueue       | 100
            maxBodyBytes   | 33554432
            maxAsyncBodyBytes | 131072
            stemCells      | 0
            """)
    void platformDefaults(String key, String expected) throws Exception {
        PlatformSpec p = load("service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n").platform();
        Map<String, Object> values = Map.ofEntries(Map.entry("host", p.host()), Map.entry("port", p.port()),
                Map.entry("startTimeout", p.startTimeout()), Map.entry("maxQueueWait", p.maxQueueWait()),
                Map.entry("maxColdStarts", p.maxColdStarts()), Map.entry("backend", p.backend()),
                Map.entry("imageCacheSize", p.imageCacheSize()), Map.entry("adminToken", p.adminToken()), Map.entry("maxQueue", p.maxQueue()),
                Map.entry("maxBodyBytes", p.maxBodyBytes()), Map.entry("maxAsyncBodyBytes", p.maxAsyncBodyBytes()),
                Map.entry("stemCells", p.stemCells()));
        assertEquals(expected, String.valueOf(values.get(key)));
    }

    @org.junit.jupiter.api.Test
    void defaultsBlockAppliesUnlessAFunctionSetsTheKeyAndItsProblemsNameDefaults() throws Exception {
        String head = "service: s\ndefaults:\n  runtime: nodejs18\n  codeUri: code\n  timeout: 20s\n  memorySize: 512\n"
                + "  environment: {A: '1'}\nfunctions:\n  f:\n    handler: index.handler\n  g:\n    handler: index.handler\n"
                + "    memorySize: 1024\n";
        AppSpec app = load(head);
        FunctionSpec f = app.function("f").orElseThrow();
        FunctionSpec g = app.function("g").orElseThrow();
        assertEquals(List.of(Duration.ofSeconds(20), 512, Map.of("A", "1")), List.of(f.timeout(), f.memorySize(), f.environment()));
        assertEquals(List.of(Duration.ofSeconds(20), 1024), List.of(g.timeout(), g.memorySize()));
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("service: s\ndefaults:\n  runtime: nodejs18\n  codeUri: code\n  memorySize: 100\n  triggers: []\n"
                        + "functions:\n  f:\n    handler: index.handler\n  g:\n    handler: index.handler\n"));
        assertEquals(List.of(dir.resolve("app.yaml") + ":5:15: defaults.memorySize = 100: must be 128-32768 MB in steps of 64",
                dir.resolve("app.yaml") + ":6:3: defaults.triggers: unknown key"), e.problems().stream().map(Problem::toString).toList());
    }

    @org.junit.jupiter.api.Test
    void stemCellSwitchesAreReadAndTheirProblemsNameFileLineAndColumn() throws Exception {
        AppSpec app = load("service: s\nplatform:\n  stemCells: 3\ndefaults:\n  stemCells: false\nfunctions:\n  f:\n    runtime: nodejs18\n"
                + "    codeUri: code\n    handler: index.handler\n  g:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n"
                + "    stemCells: true\n");
        assertEquals(List.of(3, false, true), List.of(app.platform().stemCells(), app.function("f").orElseThrow().stemCells(),
                app.function("g").orElseThrow().stemCells()));
        ConfigException e = assertThrows(ConfigException.class, () -> load("service: s\nplatform:\n  stemCells: 40\nfunctions:\n  f:\n"
                + "    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n    stemCells: sometimes\n"));
        assertEquals(List.of(dir.resolve("app.yaml") + ":3:14: platform.stemCells = 40: must be off or a number of stem cells per runtime from 1 to 16",
                dir.resolve("app.yaml") + ":9:16: functions.f.stemCells = sometimes: must be true or false"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @org.junit.jupiter.api.Test
    void everyViolatedRuleOfOneFunctionIsReportedTogether() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("service: s\nfunctions:\n  f:\n    runtime: nodejs18\n"
                + "    codeUri: code\n    handler: h\n    memorySize: 100\n    timeout: 700\n    instanceConcurrency: 0\n"
                + "    minInstances: 3\n    maxInstances: 2\n    triggers: [{path: x, methods: [GET]}, {path: /y, methods: []}]\n"));
        assertEquals(6, e.problems().size(), e.getMessage());
        assertEquals(Set.of("functions.f.memorySize", "functions.f.timeout", "functions.f.instanceConcurrency", "functions.f.minInstances",
                "functions.f.triggers[0].path", "functions.f.triggers[1].methods"),
                Set.copyOf(e.problems().stream().map(Problem::keyPath).toList()));
    }

    private String outcome(String yaml, String prefix) throws IOException {
        try {
            load(yaml);
            return "ok";
        } catch (ConfigException e) {
            return String.join("; ", e.problems().stream().map(p -> {
                String text = p.toString().substring(p.toString().indexOf(": ") + 2);
                return (text.startsWith(prefix) ? text.substring(prefix.length()) : text)
                        .replace(dir.toAbsolutePath().normalize().toString(), "DIR");
            }).toList());
        }
    }

    private AppSpec load(String yaml) throws IOException, ConfigException {
        Path f = dir.resolve("app.yaml");
        Files.writeString(f, yaml);
        return SpecLoader.read(f, Map.of()).app();
    }

}
