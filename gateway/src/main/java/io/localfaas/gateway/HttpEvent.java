package io.localfaas.gateway;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * FC 3.0's HTTP trigger for built-in runtimes, both directions, as pure functions: a request (its snapshot) becomes the
 * v1 event the function's event handler gets ({@link #event}), and what the handler returned becomes the client's
 * answer ({@link #answer}), through {@link FcAnswer#EVENT} on the gateway's one call path.
 *
 * <p>FC 3.0's rules (its "Use an HTTP trigger to invoke a function", built-in runtimes): header names canonicalised
 * ({@code accept-encoding} → {@code Accept-Encoding}) and repeated values joined by {@code ,}; repeated query keys
 * likewise; {@code rawPath} as sent (URL-encoded), {@code requestContext.http.path} decoded; the body as text, or
 * base64 with {@code isBase64Encoded: true} when its content is binary. Back: an object with {@code statusCode} gives
 * the status, its {@code headers} and its {@code body} (base64-decoded when {@code isBase64Encoded}); any other value
 * is a 200 whose body is that value.
 */
final class HttpEvent {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpEvent() {
    }

    /**
     * One HTTP request as the gateway received it.
     *
     * @param rawPath  the path the function sees, as sent (still URL-encoded), without a query
     * @param rawQuery the query string as sent, without {@code ?} (empty for none)
     * @param headers  the client's headers, names as received, values in order
     * @param host     the {@code Host} the client asked for (the event's {@code domainName} without its port)
     */
    record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
            String sourceIp, String protocol, String host, String requestId, String accountId, Instant time) {
    }

    /** The client's answer from a function's result. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
    }

    /** The v1 event of {@code r}, as JSON bytes. */
    static byte[] event(Request r) {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "v1");
        e.put("rawPath", r.rawPath());
        boolean binary = binary(contentType(r.headers()), r.body());
        e.put("body", binary ? Base64.getEncoder().encodeToString(r.body()) : new String(r.body(), StandardCharsets.UTF_8));
        e.put("isBase64Encoded", binary);
        ObjectNode headers = e.putObject("headers");
        canonicalHeaders(r.headers()).forEach(headers::put);
        ObjectNode query = e.putObject("queryParameters");
        queryParameters(r.rawQuery()).forEach(query::put);
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", r.accountId());
        String domain = domain(r.host());
        ctx.put("domainName", domain);
        ctx.put("domainPrefix", domain.contains(".") ? domain.substring(0, domain.indexOf('.')) : domain);
        ObjectNode http = ctx.putObject("http");
        http.put("method", r.method());
        http.put("path", decode(r.rawPath(), false));
        http.put("protocol", r.protocol());
        http.put("sourceIp", r.sourceIp());
        http.put("userAgent", first(r.headers(), "user-agent").orElse(""));
        ctx.put("requestId", r.requestId());
        ctx.put("time", r.time().truncatedTo(ChronoUnit.SECONDS).toString());
        ctx.put("timeEpoch", Long.toString(r.time().toEpochMilli()));
        try {
            return JSON.writeValueAsBytes(e);
        } catch (IOException ex) {
            throw new IllegalStateException("writing an event to memory failed", ex);
        }
    }

    /**
     * The answer for a function's successful result: an object with a numeric {@code statusCode} is FC 3.0's response
     * struct; anything else (a string, a number, an object without {@code statusCode}, bytes that are not JSON) is a 200
     * with the result as its body. Empty when the struct is malformed (a status outside 100-599, a body that is not
     * valid base64 though {@code isBase64Encoded} says so): FC answers that as a bad response from the function.
     */
    static Optional<Reply> answer(byte[] result) {
        JsonNode node = parse(result);
        if (node == null || !node.isObject() || !node.has("statusCode")) {
            return Optional.of(new Reply(200, Map.of(), result));
        }
        JsonNode status = node.get("statusCode");
        if (!status.canConvertToInt() || status.asInt() < 100 || status.asInt() > 599) {
            return Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = node.get("headers");
        if (h != null && h.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                headers.put(f.getKey(), f.getValue().isArray() ? join(f.getValue()) : f.getValue().asText());
            }
        }
        JsonNode body = node.get("body");
        byte[] bytes;
        if (body == null || body.isNull()) {
            bytes = new byte[0];
        } else if (!body.isTextual()) {
            bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        } else if (node.path("isBase64Encoded").asBoolean(false)) {
            try {
                bytes = Base64.getDecoder().decode(body.asText().strip());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        } else {
            bytes = body.asText().getBytes(StandardCharsets.UTF_8);
        }
        return Optional.of(new Reply(status.asInt(), headers, bytes));
    }

    /** Header names canonicalised as FC 3.0 does ({@code x-custom-h} → {@code X-Custom-H}), repeated values joined by {@code ,}. */
    static Map<String, String> canonicalHeaders(Map<String, List<String>> headers) {
        Map<String, String> out = new TreeMap<>();
        headers.forEach((name, values) -> out.merge(canonical(name), String.join(",", values), (a, b) -> a + "," + b));
        return out;
    }

    static String canonical(String name) {
        StringBuilder b = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            b.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return b.toString();
    }

    /** The query's parameters decoded, a key given several times with its values joined by {@code ,}. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            out.merge(key, value, (a, b) -> a + "," + b);
        }
        return out;
    }

    /**
     * Whether a body goes base64: its content type is not a text one, or (no content type) its bytes are not UTF-8.
     * Text: {@code text/*}, JSON, XML, JavaScript, form-encoded, GraphQL.
     */
    static boolean binary(Optional<String> contentType, byte[] body) {
        if (body.length == 0) {
            return false;
        }
        if (contentType.isEmpty() || contentType.get().isBlank()) {
            return !utf8(body);
        }
        String t = contentType.get().toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        boolean text = t.startsWith("text/") || t.endsWith("/json") || t.endsWith("+json") || t.endsWith("/xml") || t.endsWith("+xml")
                || t.endsWith("/javascript") || t.equals("application/x-www-form-urlencoded") || t.equals("application/graphql");
        return !text;
    }

    private static boolean utf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static Optional<String> contentType(Map<String, List<String>> headers) {
        return first(headers, "content-type");
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
                .map(h -> h.getValue().get(0)).findFirst();
    }

    /** A host header's name without its port ({@code [::1]:9000} → {@code [::1]}). */
    private static String domain(String host) {
        if (host == null) {
            return "";
        }
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }

    private static String decode(String s, boolean plusIsSpace) {
        try {
            return URLDecoder.decode(plusIsSpace ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray % stays as it was sent
        }
    }

    private static String join(JsonNode array) {
        StringBuilder b = new StringBuilder();
        array.forEach(v -> b.append(b.length() == 0 ? "" : ",").append(v.asText()));
        return b.toString();
    }

    private static JsonNode parse(byte[] result) {
        if (result.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(result);
        } catch (IOException e) {
            return null;
        }
    }
}
