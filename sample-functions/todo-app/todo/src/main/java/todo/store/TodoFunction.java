package todo.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.HttpRequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The todo app's data service (the course's table store): todos of the user named by the verified token.
 *
 * <pre>
 * GET    .../todos        the caller's todos; a token with scope "sync" (the rule function's) gets every user's
 * POST   .../todos        {"title": "..."}  → 201 the new todo
 * PUT    .../todos/{id}   {"done": true}    → 200 the todo, 404 when the caller has none with that id
 * DELETE .../todos/{id}                    → 204, 404 likewise
 * </pre>
 *
 * The gateway verifies the JWT (HTTP trigger with JWT auth) and passes its claims as JSON in the header named by
 * {@code CLAIMS_HEADER} (default {@code x-localfaas-jwt-claims}); behind a trigger without JWT auth the function checks
 * the Bearer token itself; without valid claims every call is 401. Data lives in
 * {@code TODO_DATA_DIR} (default {@code /mnt/todo}), the directory mounted into the instance (FC: a NAS mount).
 */
public class TodoFunction implements HttpRequestHandler, FunctionInitializer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TITLE = 200;
    private volatile FileStore store;

    @Override
    public void initialize(Context context) throws IOException {
        store();
        context.getLogger().info("todo store open at " + dataDir());
    }

    private static Path dataDir() {
        return Path.of(env("TODO_DATA_DIR", "/mnt/todo"));
    }

    private FileStore store() throws IOException {
        FileStore s = store;
        if (s == null) {
            synchronized (this) {
                if (store == null) {
                    store = new FileStore(dataDir());
                }
                s = store;
            }
        }
        return s;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response, Context context)
            throws IOException, ServletException {
        Map<String, Object> claims = claims(request);
        Object sub = claims.get("sub");
        if (!(sub instanceof String user) || !FileStore.validUser(user)) {
            send(response, 401, Map.of("error", "a valid token is required"));
            return;
        }
        String path = request.getPathInfo() != null ? request.getPathInfo() : request.getRequestURI();
        int at = path.lastIndexOf("/todos");
        if (at < 0) {
            send(response, 404, Map.of("error", "no such resource"));
            return;
        }
        String rest = path.substring(at + "/todos".length());
        String id = rest.startsWith("/") && rest.length() > 1 ? rest.substring(1) : null;
        if (!rest.isEmpty() && !rest.equals("/") && id == null) {
            send(response, 404, Map.of("error", "no such resource"));
            return;
        }
        FileStore s = store();
        String method = request.getMethod();
        if (id == null && method.equals("GET")) {
            if ("sync".equals(claims.get("scope"))) {
                send(response, 200, Map.of("users", s.all()));
            } else {
                send(response, 200, Map.of("user", user, "todos", s.list(user)));
            }
        } else if (id == null && method.equals("POST")) {
            JsonNode body = body(request);
            String title = body == null ? null : body.path("title").asText(null);
            if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
                send(response, 400, Map.of("error", "title: 1-" + MAX_TITLE + " characters"));
                return;
            }
            send(response, 201, s.create(user, title.strip(), System.currentTimeMillis()));
        } else if (id != null && (method.equals("PUT") || method.equals("PATCH"))) {
            JsonNode body = body(request);
            Boolean done = body != null && body.has("done") ? body.get("done").asBoolean() : null;
            String title = body != null && body.hasNonNull("title") ? body.get("title").asText() : null;
            if (title != null && (title.isBlank() || title.length() > MAX_TITLE)) {
                send(response, 400, Map.of("error", "title: 1-" + MAX_TITLE + " characters"));
                return;
            }
            FileStore.Todo t = s.change(user, id, done, title);
            if (t == null) {
                send(response, 404, Map.of("error", "no such todo"));
            } else {
                send(response, 200, t);
            }
        } else if (id != null && method.equals("DELETE")) {
            if (s.delete(user, id)) {
                response.setStatus(204);
            } else {
                send(response, 404, Map.of("error", "no such todo"));
            }
        } else {
            send(response, 405, Map.of("error", "method not allowed"));
        }
    }

    /**
     * The claims the gateway verified; else, behind a trigger that checks no token (FC 2.0 HTTP triggers, the Funcraft
     * template), those of the Bearer token checked here (HS256 with {@code JWT_SECRET}, {@code exp} required); empty
     * when there are none.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(HttpServletRequest request) {
        String header = request.getHeader(env("CLAIMS_HEADER", "x-localfaas-jwt-claims"));
        try {
            if (header != null && !header.isBlank()) {
                return JSON.readValue(header, LinkedHashMap.class);
            }
            String auth = request.getHeader("Authorization");
            String secret = System.getenv("JWT_SECRET");
            if (auth == null || !auth.startsWith("Bearer ") || secret == null || secret.length() < 32) {
                return Map.of();
            }
            String[] parts = auth.substring("Bearer ".length()).split("\\.", -1);
            if (parts.length != 3) {
                return Map.of();
            }
            Base64.Decoder url = Base64.getUrlDecoder();
            Map<String, Object> head = JSON.readValue(url.decode(parts[0]), LinkedHashMap.class);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] want = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!"HS256".equals(head.get("alg")) || !MessageDigest.isEqual(want, url.decode(parts[2]))) {
                return Map.of();
            }
            Map<String, Object> claims = JSON.readValue(url.decode(parts[1]), LinkedHashMap.class);
            long now = System.currentTimeMillis() / 1000;
            boolean live = claims.get("exp") instanceof Number exp && exp.longValue() > now
                    && !(claims.get("nbf") instanceof Number nbf && nbf.longValue() > now);
            return live ? claims : Map.of();
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            return Map.of();
        }
    }

    private static JsonNode body(HttpServletRequest request) throws IOException {
        byte[] bytes = request.getInputStream().readAllBytes();
        if (bytes.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static void send(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.getOutputStream().write(bytes);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

}
