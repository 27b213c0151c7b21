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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad python3 functions through the gateway's HTTP triggers on the real engine: a WSGI app that raises, a handler string
 * that names no function, a module that imports a package that is not installed. Each answers at once with a 502 and
 * FC's error JSON: the app's own error, or a load error naming the function and what to do.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class Python3BadInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachBadFunctionIsAClearErrorAndNothingHangs(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("code"));
        Files.writeString(dir.resolve("code/app.py"), "def raises(environ, start_response):\n    raise ValueError('the app failed')\n");
        Files.writeString(dir.resolve("code/deps.py"), "import requests_not_vendored\n\ndef handler(environ, start_response):\n    pass\n");
        String fn = "    runtime: python3\n    codeUri: ./code\n    timeout: 20s\n";
        Path config = Files.writeString(dir.resolve("faas.yaml"), "service: bad\nplatform: {host: 127.0.0.1, port: 0, startTimeout: 60s}\n"
                + "functions:\n"
                + "  raises:\n" + fn + "    handler: app.raises\n    triggers: [{path: /raises}]\n"
                + "  nofunction:\n" + fn + "    handler: app.nothing_here\n    triggers: [{path: /nofunction}]\n"
                + "  nodeps:\n" + fn + "    handler: deps.handler\n    triggers: [{path: /nodeps}]\n");
        try (RunningPlatform platform = new RunningPlatform(config)) {
            JsonNode raised = get(platform, "/raises");
            assertEquals("ValueError", raised.get("errorType").asText(), raised.toString());
            assertEquals("the app failed", raised.get("errorMessage").asText());
            assertTrue(raised.get("stackTrace").toString().contains("app.py"), raised.toString());

            JsonNode missing = get(platform, "/nofunction");
            assertEquals("HandlerNotFound", missing.get("errorType").asText(), missing.toString());
            assertTrue(missing.get("errorMessage").asText().contains("function nofunction")
                    && missing.get("errorMessage").asText().contains("has no function nothing_here"), missing.toString());

            JsonNode deps = get(platform, "/nodeps");
            assertEquals("ImportModuleError", deps.get("errorType").asText(), deps.toString());
            assertTrue(deps.get("errorMessage").asText().contains("function nodeps")
                    && deps.get("errorMessage").asText().contains("requests_not_vendored")
                    && deps.get("errorMessage").asText().contains("faas build"), deps.toString());
        }
    }

    private static JsonNode get(RunningPlatform platform, String path) throws Exception {
        HttpResponse<String> r = platform.http.send(HttpRequest.newBuilder(URI.create(platform.gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("UnhandledInvocationError", r.headers().firstValue("x-fc-error-type").orElseThrow());
        return JSON.readTree(r.body());
    }
}
