package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FC's built-in Node.js modules in the nodejs18 runtime image: an FC 2 HTTP-function template's shape that requires
 * raw-body, body and co without a package.json answers 200; the function's own node_modules wins over a built-in one;
 * a package that is neither is an ImportModuleError that says where Node looked and to run npm install.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BuiltinModulesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RESOURCES = Path.of("src", "test", "resources", "builtin-modules");
    private static RunningPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-builtin");
        Path ownCo = NpmInstall.copy(RESOURCES.resolve("own-co"), dir.resolve("own-co"));
        Files.createDirectories(ownCo.resolve("node_modules/co"));
        Files.writeString(ownCo.resolve("node_modules/co/index.js"), "module.exports = { whose: \"the function's own\" };\n");
        Path config = dir.resolve("builtin.yaml");
        Files.writeString(config, """
                service: builtin
                platform: {host: 127.0.0.1, port: 0}
                defaults: {runtime: nodejs18, handler: index.handler, timeout: 20s}
                functions:
                  http:
                    codeUri: %s
                    triggers: [{path: /http, methods: [GET, POST]}]
                  owned: {codeUri: %s}
                  missing: {codeUri: %s}
                """.formatted(RESOURCES.resolve("fc2-http").toAbsolutePath(), ownCo, RESOURCES.resolve("missing").toAbsolutePath()));
        platform = new RunningPlatform(config);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void anFc2HttpTemplateRequiringRawBodyWithoutAPackageJsonAnswers200() throws Exception {
        HttpResponse<String> r = platform.http.send(HttpRequest.newBuilder(URI.create(platform.gateway.baseUrl()
                        + "/2016-08-15/proxy/builtin/http/hello?x-demo=1"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("a=1&b=2")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals("/hello", j.get("path").asText());
        assertEquals("a=1&b=2", j.get("body").asText(), "raw-body read the request");
        assertEquals("function", j.get("formBodyParser").asText(), "body/form resolves");
        assertEquals("function", j.get("co").asText(), "co resolves");
        assertEquals("1", r.headers().firstValue("x-demo").orElseThrow());
    }

    @Test
    void theFunctionsOwnNodeModulesWinOverABuiltInModule() throws Exception {
        HttpResponse<String> r = invoke("owned");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("the function's own", JSON.readTree(r.body()).get("co").asText());
    }

    @Test
    void aPackageThatIsNoBuiltInSaysWhereNodeLookedAndToRunNpmInstall() throws Exception {
        HttpResponse<String> r = invoke("missing");
        assertEquals("UnhandledInvocationError", r.headers().firstValue("x-fc-error-type").orElse("none"), r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals("ImportModuleError", j.get("errorType").asText());
        String m = j.get("errorMessage").asText();
        assertTrue(m.contains("Cannot find module 'express'") && m.contains("Looked in /code/node_modules")
                && m.contains("/usr/local/lib/node_modules") && m.contains("npm install express` in the function's code folder"), m);
    }

    private static HttpResponse<String> invoke(String fn) throws Exception {
        return platform.http.send(HttpRequest.newBuilder(URI.create(platform.gateway.baseUrl()
                        + "/2016-08-15/services/builtin/functions/" + fn + "/invocations"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
