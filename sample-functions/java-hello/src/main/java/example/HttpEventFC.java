package example;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;

/**
 * An FC 3.0 HTTP-trigger function in Java: a PojoRequestHandler from FC 3.0's HTTP event to its response struct (the
 * shape of the start-fc Java simple-http template's HTTPTriggerEvent / HTTPTriggerResponse). {@code ?mode=} as in
 * sample-functions/http-event/index.js: none, binary, plain, throw.
 */
public class HttpEventFC implements PojoRequestHandler<HttpEventFC.HTTPTriggerEvent, Object> {
    /** FC 3.0's v1 HTTP event. */
    public static class HTTPTriggerEvent {
        public String version;
        public String rawPath;
        public String body;
        public boolean isBase64Encoded;
        public Map<String, String> headers = new LinkedHashMap<>();
        public Map<String, String> queryParameters = new LinkedHashMap<>();
        public RequestContext requestContext;
    }

    public static class RequestContext {
        public String accountId;
        public String domainName;
        public String domainPrefix;
        public Http http;
        public String requestId;
        public String time;
        public String timeEpoch;
    }

    public static class Http {
        public String method;
        public String path;
        public String protocol;
        public String sourceIp;
        public String userAgent;
    }

    /** FC 3.0's response struct. */
    public static class HTTPTriggerResponse {
        public int statusCode;
        public Map<String, String> headers = new LinkedHashMap<>();
        public boolean isBase64Encoded;
        public String body;
    }

    @Override
    public Object handleRequest(HTTPTriggerEvent e, Context context) {
        byte[] body = e.body == null ? new byte[0]
                : e.isBase64Encoded ? Base64.getDecoder().decode(e.body) : e.body.getBytes(StandardCharsets.UTF_8);
        String mode = e.queryParameters == null ? null : e.queryParameters.get("mode");
        HTTPTriggerResponse r = new HTTPTriggerResponse();
        if ("binary".equals(mode)) {
            r.statusCode = 200;
            r.headers.put("Content-Type", "application/octet-stream");
            r.isBase64Encoded = true;
            r.body = Base64.getEncoder().encodeToString(body);
            return r;
        }
        if ("plain".equals(mode)) {
            return "plain string";
        }
        if ("throw".equals(mode)) {
            throw new IllegalStateException("boom");
        }
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", e.requestContext.http.method);
        http.put("path", e.requestContext.http.path);
        http.put("sourceIp", e.requestContext.http.sourceIp);
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("domainName", e.requestContext.domainName);
        ctx.put("requestId", e.requestContext.requestId);
        ctx.put("http", http);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", e.version);
        event.put("rawPath", e.rawPath);
        event.put("isBase64Encoded", e.isBase64Encoded);
        event.put("headers", e.headers);
        event.put("queryParameters", e.queryParameters);
        event.put("requestContext", ctx);
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("runtime", "java");
        echo.put("requestId", context.getRequestId());
        echo.put("event", event);
        echo.put("bodyHex", HexFormat.of().formatHex(body));
        r.statusCode = 201;
        r.headers.put("Content-Type", "application/json");
        r.headers.put("X-Runtime", "java");
        r.body = json(echo);
        return r;
    }

    /** JSON of strings, booleans, null and maps of them (the function has no JSON library, as the sample has none). */
    static String json(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Boolean b) {
            return b.toString();
        }
        if (o instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(json(k.toString())).append(':').append(json(v)));
            return b.append('}').toString();
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : o.toString().toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
