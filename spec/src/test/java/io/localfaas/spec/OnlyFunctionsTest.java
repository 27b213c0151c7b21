package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faas up --only}: a subset of a file's functions, the others' problems left out; a refusal offers the subset. */
class OnlyFunctionsTest {
    private static final String NATIVE = """
            service: s
            functions:
              web: {runtime: nodejs18, codeUri: ./code, handler: index.handler}
              legacy: {runtime: php7.2, codeUri: ./code, handler: index.handler}
              api: {runtime: nodejs18, codeUri: ./code, handler: index.handler}
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void makeCode() throws IOException {
        Files.createDirectory(dir.resolve("code"));
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static List<String> names(SpecLoader.Loaded loaded) {
        return loaded.app().functions().stream().map(FunctionSpec::name).toList();
    }

    @Test
    void aRefusedFunctionRefusesTheFileAndTheMessageOffersOnlyWithTheOthers() throws Exception {
        Path file = write("app.yaml", NATIVE);
        ConfigException e = assertThrows(ConfigException.class, () -> SpecLoader.read(file, Map.of()));
        assertEquals(List.of("web", "api"), e.runnable());
        assertTrue(e.getMessage().endsWith("\nto run the functions without problems: faas up --only web,api"), e.getMessage());
    }

    @Test
    void onlyRunsTheSubsetAndLeavesTheOthersProblemsOut() throws Exception {
        Path file = write("app.yaml", NATIVE);
        assertEquals(List.of("web", "api"), names(SpecLoader.read(file, Map.of(), Set.of("web", "api"))));
        assertEquals(List.of("api"), names(SpecLoader.read(file, Map.of(), Set.of("api"))));
    }

    @Test
    void onlyANameTheFileDoesNotDeclareIsAProblem() throws Exception {
        Path file = write("app.yaml", NATIVE);
        ConfigException e = assertThrows(ConfigException.class, () -> SpecLoader.read(file, Map.of(), Set.of("web", "nope")));
        assertEquals(file + ": --only nope: no such function; the file declares web, legacy, api", e.problems().get(0).toString());
    }

    @Test
    void onlyTheRefusedFunctionStillRefuses() throws Exception {
        Path file = write("app.yaml", NATIVE);
        ConfigException e = assertThrows(ConfigException.class, () -> SpecLoader.read(file, Map.of(), Set.of("legacy")));
        assertTrue(e.getMessage().contains("functions.legacy.runtime = php7.2"), e.getMessage());
        assertEquals(List.of(), e.runnable());
    }

    @Test
    void aProblemOutsideAnyFunctionOffersNoSubset() throws Exception {
        Path file = write("app.yaml", NATIVE.replace("service: s", "service: s\nplatform: {port: -1}"));
        assertEquals(List.of(), assertThrows(ConfigException.class, () -> SpecLoader.read(file, Map.of())).runnable());
    }

    @Test
    void templateFunctionsAndServicesLeftWithoutOne() throws Exception {
        Path file = write("template.yml", """
                ROSTemplateFormatVersion: '2015-09-01'
                Transform: 'Aliyun::Serverless-2018-04-03'
                Resources:
                  old:
                    Type: 'Aliyun::Serverless::Service'
                    legacy:
                      Type: 'Aliyun::Serverless::Function'
                      Properties: {Runtime: php7.2, CodeUri: ./code, Handler: index.handler}
                  svc:
                    Type: 'Aliyun::Serverless::Service'
                    web:
                      Type: 'Aliyun::Serverless::Function'
                      Properties: {Runtime: nodejs18, CodeUri: ./code, Handler: index.handler}
                    other:
                      Type: 'Aliyun::Serverless::Function'
                      Properties: {Runtime: go1, CodeUri: ./code, Handler: main}
                """);
        assertEquals(List.of("web"), assertThrows(ConfigException.class, () -> SpecLoader.read(file, Map.of())).runnable());
        SpecLoader.Loaded loaded = SpecLoader.read(file, Map.of(), Set.of("web"));
        assertEquals(List.of("web"), names(loaded));
        assertEquals("svc", loaded.app().service());
    }

    @Test
    void serverlessDevsResources() throws Exception {
        Path file = write("s.yaml", """
                edition: 3.0.0
                name: app
                resources:
                  legacy:
                    component: fc3
                    props: {region: cn-hangzhou, functionName: legacy, runtime: php7.2, code: ./code, handler: index.handler}
                  web:
                    component: fc3
                    props: {region: cn-hangzhou, functionName: web-fn, runtime: nodejs18, code: ./code, handler: index.handler}
                """);
        assertEquals(List.of("web-fn"), assertThrows(ConfigException.class, () -> SpecLoader.read(file, Map.of())).runnable());
        assertEquals(List.of("web-fn"), names(SpecLoader.read(file, Map.of(), Set.of("web-fn"))));
    }
}
