package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * config/http-event.yaml on the real engine: the same FC 3.0 HTTP-event function in Node.js, Python and Java (a
 * PojoRequestHandler, and a StreamRequestHandler) gets FC 3.0's v1 event and its result is mapped back as FC 3.0 maps it;
 * its FC 2 function (fcVersion: 2) still gets (request, response, context).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HttpEventIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = new RunningPlatform(RunningPlatform.CONFIG.resolve("http-event.yaml"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
        return platform.http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest.Builder at(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(platform.gateway.baseUrl() + pathAndQuery));
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "java", "python"})
    void getWithQueryAndRepeatedHeadersIsTheV1Event(String runtime) throws Exception {
        HttpResponse<byte[]> r = send(at("/event-" + runtime + "/a%20b?x=1&x=2&name=h%C3%A9").GET()
                .header("X-Multi", "one").header("X-Multi", "two").header("x-lower-case", "v"));
        String text = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(201, r.statusCode(), text);
        assertEquals(java.util.Map.of("node", "nodejs", "java", "java", "python", "python").get(runtime),
                r.headers().firstValue("x-runtime").orElseThrow());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        JsonNode echo = JSON.readTree(r.body());
        JsonNode e = echo.get("event");
        assertEquals("v1", e.get("version").asText());
        assertEquals("/event-" + runtime + "/a%20b", e.get("rawPath").asText());
        assertEquals("/event-" + runtime + "/a b", e.at("/requestContext/http/path").asText());
        assertEquals("GET", e.at("/requestContext/http/method").asText());
        assertEquals("127.0.0.1", e.at("/requestContext/http/sourceIp").asText());
        assertEquals("1,2", e.at("/queryParameters/x").asText());
        assertEquals("hé", e.at("/queryParameters/name").asText());
        assertEquals("one,two", e.at("/headers/X-Multi").asText(), e.get("headers").toString());
        assertEquals("v", e.at("/headers/X-Lower-Case").asText(), "header names canonicalised as FC 3.0 does");
        assertEquals("127.0.0.1", e.at("/requestContext/domainName").asText());
        String requestId = r.headers().firstValue("x-fc-request-id").orElseThrow();
        assertEquals(requestId, e.at("/requestContext/requestId").asText());
        assertEquals(requestId, echo.get("requestId").asText(), "the context's request id is the event's");
        assertEquals(false, e.get("isBase64Encoded").asBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "java", "python"})
    void aJsonBodyArrivesAsText(String runtime) throws Exception {
        String json = "{\"todo\":\"buy milk\",\"done\":false}";
        HttpResponse<byte[]> r = send(at("/event-" + runtime).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        assertEquals(201, r.statusCode(), new String(r.body()));
        JsonNode echo = JSON.readTree(r.body());
        assertEquals(false, echo.at("/event/isBase64Encoded").asBoolean());
        assertEquals(HexFormat.of().formatHex(json.getBytes()), echo.get("bodyHex").asText());
        assertEquals("POST", echo.at("/event/requestContext/http/method").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "java", "python"})
    void aBinaryBodyGoesBase64BothWays(String runtime) throws Exception {
        byte[] png = new byte[300];
        for (int i = 0; i < png.length; i++) {
            png[i] = (byte) (i * 7);
        }
        HttpResponse<byte[]> echoed = send(at("/event-" + runtime).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)));
        assertEquals(201, echoed.statusCode(), new String(echoed.body()));
        JsonNode echo = JSON.readTree(echoed.body());
        assertEquals(true, echo.at("/event/isBase64Encoded").asBoolean());
        assertEquals(HexFormat.of().formatHex(png), echo.get("bodyHex").asText(), "the function decoded the same bytes");

        HttpResponse<byte[]> back = send(at("/event-" + runtime + "?mode=binary").header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)));
        assertEquals(200, back.statusCode());
        assertEquals("application/octet-stream", back.headers().firstValue("content-type").orElseThrow());
        assertArrayEquals(png, back.body(), "isBase64Encoded: true in the result: the client gets the decoded bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "java", "python"})
    void aBareStringIsA200BodyAndAnErrorIsA502(String runtime) throws Exception {
        HttpResponse<byte[]> plain = send(at("/event-" + runtime + "?mode=plain").GET());
        assertEquals(200, plain.statusCode());
        String body = new String(plain.body());
        assertTrue(body.equals("plain string") || body.equals("\"plain string\""), body);

        HttpResponse<byte[]> thrown = send(at("/event-" + runtime + "?mode=throw").GET());
        assertEquals(502, thrown.statusCode());
        assertTrue(thrown.headers().firstValue("x-fc-error-type").orElseThrow().endsWith("InvocationError"));
        assertEquals("boom", JSON.readTree(thrown.body()).get("errorMessage").asText());
    }

    @Test
    void aStreamRequestHandlerReadsTheEventAsJson() throws Exception {
        HttpResponse<byte[]> r = send(at("/event-java-stream/x?k=v").POST(HttpRequest.BodyPublishers.ofString("hi")));
        assertEquals(200, r.statusCode(), new String(r.body()));
        assertEquals("stream", r.headers().firstValue("x-handler").orElseThrow());
        JsonNode e = JSON.readTree(r.body());
        assertEquals("/event-java-stream/x", e.get("rawPath").asText());
        assertEquals("v", e.at("/queryParameters/k").asText());
        assertEquals("hi", e.get("body").asText());
    }

    @Test
    void theFcProxyPathGivesTheEventThePathBelowIt() throws Exception {
        HttpResponse<byte[]> r = send(at("/2016-08-15/proxy/http-event/event-node/sub/path?q=1").GET());
        assertEquals(201, r.statusCode(), new String(r.body()));
        assertEquals("/sub/path", JSON.readTree(r.body()).at("/event/rawPath").asText());
    }

    @Test
    void anFc2FunctionStillGetsRequestResponseContext() throws Exception {
        HttpResponse<String> r = platform.get("/hello-fc2?name=a");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("a", JSON.readTree(r.body()).get("queries").get("name").asText(), "req.queries of FC 2's request");
    }
}
