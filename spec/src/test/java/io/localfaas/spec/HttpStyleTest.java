package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Which HTTP-trigger style a function gets, by project file, as on FC; and which runtimes it applies to. */
class HttpStyleTest {
    @TempDir
    Path dir;

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("app.yaml", """
                        service: s
                        functions:
                          f: {runtime: nodejs18, codeUri: code, handler: index.handler, triggers: [{path: /f}]}
                        """, HttpStyle.FC2),
                Arguments.of("app.yaml", """
                        service: s
                        functions:
                          f: {runtime: nodejs18, codeUri: code, handler: index.handler, fcVersion: 3, triggers: [{path: /f}]}
                        """, HttpStyle.FC3),
                Arguments.of("app.yaml", """
                        service: s
                        defaults: {fcVersion: '3.0'}
                        functions:
                          f: {runtime: java17, codeUri: code, handler: a.B::c, triggers: [{path: /f}]}
                        """, HttpStyle.FC3),
                Arguments.of("app.yaml", """
                        service: s
                        defaults: {fcVersion: 3}
                        functions:
                          f: {runtime: java17, codeUri: code, handler: a.B::c, fcVersion: 2, triggers: [{path: /f}]}
                        """, HttpStyle.FC2),
                Arguments.of("s.yaml", """
                        edition: 3.0.0
                        name: app
                        resources:
                          f:
                            component: fc3
                            props:
                              functionName: f
                              runtime: nodejs18
                              code: ./code
                              handler: index.handler
                              triggers:
                                - {triggerName: t, triggerType: http, triggerConfig: {authType: anonymous, methods: [GET]}}
                        """, HttpStyle.FC3),
                Arguments.of("s.yaml", """
                        edition: 1.0.0
                        name: app
                        services:
                          f:
                            component: devsapp/fc
                            props:
                              service: {name: app}
                              function: {name: f, runtime: nodejs18, codeUri: ./code, handler: index.handler}
                              triggers:
                                - {name: t, type: http, config: {authType: anonymous, methods: [GET]}}
                        """, HttpStyle.FC2),
                Arguments.of("template.yml", """
                        ROSTemplateFormatVersion: '2015-09-01'
                        Transform: 'Aliyun::Serverless-2018-04-03'
                        Resources:
                          app:
                            Type: 'Aliyun::Serverless::Service'
                            f:
                              Type: 'Aliyun::Serverless::Function'
                              Properties: {Handler: index.handler, Runtime: nodejs18, CodeUri: ./code}
                              Events:
                                web:
                                  Type: HTTP
                                  Properties: {AuthType: ANONYMOUS, Methods: [GET]}
                        """, HttpStyle.FC2));
    }

    @ParameterizedTest
    @MethodSource("files")
    void styleFollowsTheProjectFile(String name, String yaml, HttpStyle expected) throws Exception {
        Files.createDirectories(dir.resolve("code"));
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        FunctionSpec fn = SpecLoader.load(f).functions().get(0);
        assertEquals(expected, fn.triggers().get(0).style());
    }

    @Test
    void anUnknownFcVersionIsAProblemAtItsLine() throws Exception {
        Files.createDirectories(dir.resolve("code"));
        Path f = dir.resolve("app.yaml");
        Files.writeString(f, """
                service: s
                functions:
                  f:
                    runtime: nodejs18
                    codeUri: code
                    handler: index.handler
                    fcVersion: 4
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> SpecLoader.load(f));
        assertTrue(e.getMessage().contains("app.yaml:7") && e.getMessage().contains("functions.f.fcVersion = 4: must be 2"), e.getMessage());
    }

    static Stream<Arguments> runtimes() {
        return Stream.of(
                Arguments.of(HttpStyle.FC3, Runtime.NODEJS18, true),
                Arguments.of(HttpStyle.FC3, Runtime.JAVA17, true),
                Arguments.of(HttpStyle.FC3, Runtime.CUSTOM_CONTAINER, false),
                Arguments.of(HttpStyle.FC2, Runtime.NODEJS18, false),
                Arguments.of(HttpStyle.FC2, Runtime.CUSTOM_CONTAINER, false));
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void onlyBuiltInRuntimesGetTheEvent(HttpStyle style, Runtime runtime, boolean event) {
        assertEquals(event, style.eventFor(runtime));
    }
}
