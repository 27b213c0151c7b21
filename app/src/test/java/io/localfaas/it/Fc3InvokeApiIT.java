package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** FC 3.0's invoke API, {@code POST /2023-03-30/functions/<function>/invocations}, on the real engine. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class Fc3InvokeApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static HttpResponse<String> post(RunningPlatform p, String pathAndQuery, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(p.gateway.baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return p.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void syncAsyncTailAndErrors() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));
        Files.writeString(code.resolve("index.js"), """
                const seen = [];
                exports.handler = (event, context, callback) => {
                  const text = event.toString();
                  if (text === 'seen') return callback(null, {seen});
                  if (text.includes('boom')) throw new TypeError('boom requested');
                  console.log('got ' + text);
                  seen.push(text);
                  callback(null, {echo: text, requestId: context.requestId});
                };
                """);
        Path config = dir.resolve("app.yaml");
        Files.writeString(config, "service: inv\nfunctions:\n  echo: {runtime: nodejs18, codeUri: code, handler: index.handler,"
                + " timeout: 10s, maxInstances: 1}\n");
        try (RunningPlatform p = new RunningPlatform(config)) {
            String api = "/2023-03-30/functions/echo/invocations";
            HttpResponse<String> sync = post(p, api, "hi", "x-fc-invocation-type", "Sync", "x-fc-log-type", "Tail");
            assertEquals(200, sync.statusCode(), sync.body());
            assertEquals("hi", JSON.readTree(sync.body()).get("echo").asText());
            assertEquals(sync.headers().firstValue("x-fc-request-id").orElseThrow(), JSON.readTree(sync.body()).get("requestId").asText());
            String tail = new String(Base64.getDecoder().decode(sync.headers().firstValue("x-fc-log-result").orElseThrow()),
                    StandardCharsets.UTF_8);
            assertTrue(tail.contains("got hi"), tail);

            HttpResponse<String> qualified = post(p, api + "?qualifier=LATEST", "again");
            assertEquals(200, qualified.statusCode(), qualified.body());

            HttpResponse<String> async = post(p, api, "later", "x-fc-invocation-type", "Async");
            assertEquals(202, async.statusCode(), async.body());
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    JSON.readTree(post(p, api, "seen").body()).get("seen").toString().contains("later"));

            HttpResponse<String> failed = post(p, api, "boom");
            assertEquals(200, failed.statusCode(), "a function error is a 200 on the invoke API");
            assertEquals("UnhandledInvocationError", failed.headers().firstValue("x-fc-error-type").orElseThrow());
            assertEquals("boom requested", JSON.readTree(failed.body()).get("errorMessage").asText());

            HttpResponse<String> missing = post(p, "/2023-03-30/functions/nope/invocations", "x");
            assertEquals(404, missing.statusCode());
            JsonNode error = JSON.readTree(missing.body());
            assertEquals("FunctionNotFound", error.get("Code").asText(), "FC 3.0's error struct");
            assertEquals(missing.headers().firstValue("x-fc-request-id").orElseThrow(), error.get("RequestId").asText());
            assertTrue(error.get("Message").asText().contains("nope"));

            HttpResponse<String> alias = post(p, api + "?qualifier=prod", "x");
            assertEquals(404, alias.statusCode());
            assertEquals("AliasNotFound", JSON.readTree(alias.body()).get("Code").asText());

            HttpResponse<String> badType = post(p, api, "x", "x-fc-invocation-type", "Later");
            assertEquals(400, badType.statusCode());
            assertEquals("InvalidArgument", JSON.readTree(badType.body()).get("Code").asText());
        }
    }
}
