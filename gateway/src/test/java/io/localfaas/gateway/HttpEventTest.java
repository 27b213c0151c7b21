package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FC 3.0's HTTP event mapping, both directions, as tables. */
class HttpEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");

    private static HttpEvent.Request request(String method, String rawPath, String query, Map<String, List<String>> headers, byte[] body) {
        return new HttpEvent.Request(method, rawPath, query, headers, body, "127.0.0.1", "HTTP/1.1", "hello.localhost:9000", "req-1",
                "0000000000000000", T);
    }

    private static JsonNode event(HttpEvent.Request r) throws Exception {
        return JSON.readTree(HttpEvent.event(r));
    }

    static Stream<Arguments> bodies() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, (byte) 0xff};
        byte[] hello = "héllo".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                // content type, body, expected body in the event, isBase64Encoded
                Arguments.of(null, new byte[0], "", false),
                Arguments.of("application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "{\"a\":1}", false),
                Arguments.of("text/plain; charset=utf-8", hello, "héllo", false),
                Arguments.of("application/x-www-form-urlencoded", "a=1&b=2".getBytes(StandardCharsets.UTF_8), "a=1&b=2", false),
                Arguments.of("application/vnd.api+json", "{}".getBytes(StandardCharsets.UTF_8), "{}", false),
                Arguments.of("image/png", png, Base64.getEncoder().encodeToString(png), true),
                Arguments.of("application/octet-stream", hello, Base64.getEncoder().encodeToString(hello), true),
                Arguments.of(null, hello, "héllo", false),
                Arguments.of(null, png, Base64.getEncoder().encodeToString(png), true));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void bodyIsTextOrBase64ByContentType(String contentType, byte[] body, String expected, boolean base64) throws Exception {
        Map<String, List<String>> headers = contentType == null ? Map.of() : Map.of("content-type", List.of(contentType));
        JsonNode e = event(request("POST", "/", "", headers, body));
        assertEquals(expected, e.get("body").asText());
        assertEquals(base64, e.get("isBase64Encoded").asBoolean());
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("", Map.of()),
                Arguments.of("a=1", Map.of("a", "1")),
                Arguments.of("a=1&a=2&b=x", Map.of("a", "1,2", "b", "x")),
                Arguments.of("name=h%C3%A9+llo&flag", Map.of("name", "hé llo", "flag", "")),
                Arguments.of("bad=%zz", Map.of("bad", "%zz")));
    }

    @ParameterizedTest
    @MethodSource("queries")
    void queryParametersDecodedRepeatedKeysJoined(String query, Map<String, String> expected) throws Exception {
        JsonNode e = event(request("GET", "/", query, Map.of(), new byte[0]));
        assertEquals(expected, JSON.convertValue(e.get("queryParameters"), Map.class));
    }

    @Test
    void headersCanonicalisedRepeatedValuesJoined() throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("x-custom-h", List.of("a", "b"));
        headers.put("accept-encoding", List.of("gzip"));
        headers.put("User-Agent", List.of("curl/8"));
        headers.put("Host", List.of("hello.localhost:9000"));
        JsonNode e = event(request("GET", "/a%20b/c", "", headers, new byte[0]));
        assertEquals(Map.of("X-Custom-H", "a,b", "Accept-Encoding", "gzip", "User-Agent", "curl/8", "Host", "hello.localhost:9000"),
                JSON.convertValue(e.get("headers"), Map.class));
        assertEquals("v1", e.get("version").asText());
        assertEquals("/a%20b/c", e.get("rawPath").asText());
        JsonNode ctx = e.get("requestContext");
        assertEquals("/a b/c", ctx.at("/http/path").asText());
        assertEquals("GET", ctx.at("/http/method").asText());
        assertEquals("HTTP/1.1", ctx.at("/http/protocol").asText());
        assertEquals("127.0.0.1", ctx.at("/http/sourceIp").asText());
        assertEquals("curl/8", ctx.at("/http/userAgent").asText());
        assertEquals("hello.localhost", ctx.get("domainName").asText());
        assertEquals("hello", ctx.get("domainPrefix").asText());
        assertEquals("req-1", ctx.get("requestId").asText());
        assertEquals("0000000000000000", ctx.get("accountId").asText());
        assertEquals("2026-01-02T03:04:05Z", ctx.get("time").asText());
        assertEquals(Long.toString(T.toEpochMilli()), ctx.get("timeEpoch").asText());
        assertTrue(ctx.get("timeEpoch").isTextual());
    }

    static Stream<Arguments> results() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0};
        String b64 = Base64.getEncoder().encodeToString(png);
        return Stream.of(
                // result, status, headers, body
                Arguments.of("{\"statusCode\":201,\"headers\":{\"Content-Type\":\"text/plain\",\"X-A\":\"1\"},\"body\":\"made\"}", 201,
                        Map.of("Content-Type", "text/plain", "X-A", "1"), "made".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("{\"statusCode\":200,\"body\":\"" + b64 + "\",\"isBase64Encoded\":true}", 200, Map.of(), png),
                Arguments.of("{\"statusCode\":404}", 404, Map.of(), new byte[0]),
                Arguments.of("{\"statusCode\":200,\"body\":{\"a\":1}}", 200, Map.of(), "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("{\"statusCode\":200,\"headers\":{\"Set-Cookie\":[\"a=1\",\"b=2\"],\"X-N\":5}}", 200,
                        Map.of("Set-Cookie", "a=1,b=2", "X-N", "5"), new byte[0]),
                Arguments.of("{\"message\":\"no status\"}", 200, Map.of(), "{\"message\":\"no status\"}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("hello world", 200, Map.of(), "hello world".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("[1,2]", 200, Map.of(), "[1,2]".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("42", 200, Map.of(), "42".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("", 200, Map.of(), new byte[0]));
    }

    @ParameterizedTest
    @MethodSource("results")
    void resultMapsBack(String result, int status, Map<String, String> headers, byte[] body) {
        HttpEvent.Reply r = HttpEvent.answer(result.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(status, r.status());
        assertEquals(headers, r.headers());
        assertEquals(new String(body, StandardCharsets.ISO_8859_1), new String(r.body(), StandardCharsets.ISO_8859_1));
    }

    static Stream<String> malformed() {
        return Stream.of("{\"statusCode\":99}", "{\"statusCode\":\"x\"}", "{\"statusCode\":700}",
                "{\"statusCode\":200,\"body\":\"not base64!\",\"isBase64Encoded\":true}");
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedStructIsABadResponse(String result) {
        assertEquals(Optional.empty(), HttpEvent.answer(result.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void binaryResultBytesPassThroughUnchanged() {
        byte[] raw = {(byte) 0xff, 0, 1};
        assertEquals(3, HttpEvent.answer(raw).orElseThrow().body().length);
    }
}
