package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The greetings sample deployed from its native file and from its Funcraft template serves the same answers. */
class GreetingsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"greetings.yaml", "greetings-template.yml"})
    void bothFunctionsAnswerAtTheirTriggerAndAtTheFcProxyPath(String file) throws Exception {
        try (RunningPlatform p = new RunningPlatform(RunningPlatform.CONFIG.resolve(file))) {
            HttpResponse<String> hello = p.get("/greetings/hello");
            assertEquals(200, hello.statusCode(), hello.body());
            assertEquals(1, JSON.readTree(hello.body()).get("initCount").asInt());

            HttpResponse<String> echo = p.http.send(HttpRequest.newBuilder(URI.create(p.gateway.baseUrl() + "/2016-08-15/proxy/greetings/echo/a/b?x=1"))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString("hi there")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, echo.statusCode(), echo.body());
            JsonNode body = JSON.readTree(echo.body());
            assertEquals("hi there", body.get("body").asText());
            assertEquals("/a/b", body.get("path").asText());
            assertEquals("echo", body.get("function").asText());
            assertEquals("greetings", body.get("service").asText());
            assertEquals("hello from localfaas", body.get("greeting").asText());
            assertEquals(true, body.get("initialized").asBoolean(), "the initializer ran before the request");
        }
    }
}
