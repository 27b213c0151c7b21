package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FC's custom runtime (web functions) read from the native format, Funcraft's template.yml and both s.yaml forms. */
class CustomRuntimeSpecTest {
    private static final String TEMPLATE = """
            ROSTemplateFormatVersion: '2015-09-01'
            Transform: 'Aliyun::Serverless-2018-04-03'
            Resources:
              svc:
                Type: 'Aliyun::Serverless::Service'
                web:
                  Type: 'Aliyun::Serverless::Function'
                  Properties:
            """;
    @TempDir
    Path dir;

    @BeforeEach
    void makeCode() throws IOException {
        Files.createDirectory(dir.resolve("code"));
    }

    private SpecLoader.Loaded load(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return SpecLoader.read(file, Map.of());
    }

    /** runtime, command, args, port and handler as read. */
    private static List<Object> settings(FunctionSpec f) {
        return List.of(f.runtime(), f.command(), f.args(), f.caPort(), f.handler(), f.codeUri().isPresent());
    }

    @Test
    void nativeCustomRuntimeConfigSetsCommandArgsAndPort() throws Exception {
        FunctionSpec f = load("app.yaml", """
                service: s
                functions:
                  web:
                    runtime: custom
                    codeUri: ./code
                    customRuntimeConfig: {command: [node], args: [server.js], port: 8080}
                """).app().function("web").orElseThrow();
        assertEquals(List.of(Runtime.CUSTOM, List.of("node"), List.of("server.js"), 8080, "", true), settings(f));
    }

    @Test
    void nativeWithoutCommandKeepsTheBootstrapDefault() throws Exception {
        FunctionSpec f = load("app.yaml", """
                service: s
                functions:
                  web: {runtime: custom, codeUri: ./code}
                """).app().function("web").orElseThrow();
        assertEquals(List.of(Runtime.CUSTOM, List.of(), List.of(), 9000, "", true), settings(f));
    }

    @Test
    void debianVariantsRunOnCustomWithAWarning() throws Exception {
        SpecLoader.Loaded loaded = load("app.yaml", """
                service: s
                functions:
                  web: {runtime: custom.debian10, codeUri: ./code}
                """);
        assertEquals(Runtime.CUSTOM, loaded.app().function("web").orElseThrow().runtime());
        assertTrue(loaded.warnings().stream().anyMatch(w -> w.toString().contains("custom.debian10: runs on custom")), loaded.warnings().toString());
    }

    @Test
    void anUnknownCustomRuntimeConfigKeyIsAProblemAtItsLineWithTheNearestKey() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load("app.yaml", """
                service: s
                functions:
                  web:
                    runtime: custom
                    codeUri: ./code
                    customRuntimeConfig:
                      command: [node, server.js]
                      prot: 9000
                """));
        assertTrue(e.getMessage().contains("app.yaml:8:7: functions.web.customRuntimeConfig.prot: unknown key (did you mean port?)"),
                e.getMessage());
    }

    @Test
    void templateCustomRuntimeConfigAndCaPort() throws Exception {
        FunctionSpec f = load("template.yml", TEMPLATE + """
                        Runtime: custom.debian11
                        CodeUri: ./code
                        Handler: index.handler
                        CAPort: 8000
                        CustomRuntimeConfig:
                          Command: [python3]
                          Args: [app.py]
                """).app().function("web").orElseThrow();
        assertEquals(List.of(Runtime.CUSTOM, List.of("python3"), List.of("app.py"), 8000, "index.handler", true), settings(f));
    }

    @Test
    void templateUnknownKeyNamesTheNearest() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load("template.yml", TEMPLATE + """
                        Runtime: custom
                        CodeUri: ./code
                        CustomRuntimeConfig: {Comand: [node]}
                """));
        assertTrue(e.getMessage().contains("Resources.svc.web.Properties.CustomRuntimeConfig.Comand: unknown key (did you mean Command?)"),
                e.getMessage());
    }

    @Test
    void fc3CustomRuntimeConfigAsTheWebFrameworkTemplatesWriteIt() throws Exception {
        SpecLoader.Loaded loaded = load("s.yaml", """
                edition: 3.0.0
                name: app
                resources:
                  framework:
                    component: fc3
                    props:
                      region: cn-hangzhou
                      functionName: web
                      runtime: custom.debian10
                      code: ./code
                      instanceConcurrency: 100
                      customRuntimeConfig:
                        command: [node, ./index.js]
                        port: 9001
                        healthCheckConfig: {httpGetUrl: /}
                """);
        assertEquals(List.of(Runtime.CUSTOM, List.of("node", "./index.js"), List.of(), 9001, "", true),
                settings(loaded.app().function("web").orElseThrow()));
        assertTrue(loaded.warnings().stream().anyMatch(w -> w.toString().contains("customRuntimeConfig.healthCheckConfig: ignored locally")),
                loaded.warnings().toString());
    }

    @Test
    void devsappFcCustomRuntimeConfigWithCaPort() throws Exception {
        FunctionSpec f = load("s.yaml", """
                edition: 1.0.0
                name: app
                services:
                  web:
                    component: devsapp/fc
                    props:
                      region: cn-hangzhou
                      service: {name: svc}
                      function:
                        name: web
                        runtime: custom
                        codeUri: ./code
                        caPort: 9002
                        customRuntimeConfig: {command: [java], args: ['-jar', app.jar]}
                """).app().function("web").orElseThrow();
        assertEquals(List.of(Runtime.CUSTOM, List.of("java"), List.of("-jar", "app.jar"), 9002, "", true), settings(f));
    }
}
