package todo.user;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.spec.KeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.HttpRequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/**
 * The todo app's user function.
 *
 * <pre>
 * POST .../login        {"username", "password"} → 200 {"token", "user", "expiresAt"} and a {@code token} cookie; 401
 * GET  .../currentUser  → 200 {"user", "expiresAt"} from the verified token's claims; 401 without them
 * </pre>
 *
 * Users live in {@code USERS_FILE} (default {@code /mnt/todo/users.json}, the mounted data directory) as PBKDF2 salted
 * hashes, never plain; when the file does not exist the initializer writes the demo users shipped in the jar
 * ({@code seed-users.json}). Tokens: HS256 (jjwt) with the secret in {@code JWT_SECRET} (at least 32 bytes), valid for
 * {@code TOKEN_TTL_SECONDS} (default 3600).
 */
public class UserFunction implements HttpRequestHandler, FunctionInitializer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record User(String name, String algorithm, int iterations, byte[] salt, byte[] hash) { }

    private volatile Map<String, User> users;
    private volatile SecretKey key;

    @Override
    public void initialize(Context context) throws IOException {
        users = loadUsers(Path.of(env("USERS_FILE", "/mnt/todo/users.json")));
        key = signingKey();
        // Warm the signer and the hash: the first login then pays neither class loading nor key setup.
        Jwts.builder().subject("warm-up").expiration(new Date()).signWith(key, Jwts.SIG.HS256).compact();
        pbkdf2("warm-up".toCharArray(), new byte[16], 1000, "PBKDF2WithHmacSHA256");
        context.getLogger().info("user store loaded: " + users.size() + " user(s)");
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response, Context context)
            throws IOException, ServletException {
        if (users == null || key == null) {
            initialize(context); // FC always runs the initializer first; this keeps the function usable without one
        }
        String path = request.getPathInfo() != null ? request.getPathInfo() : request.getRequestURI();
        if (path.endsWith("/login") && request.getMethod().equals("POST")) {
            login(request, response);
        } else if (path.endsWith("/currentUser") && request.getMethod().equals("GET")) {
            currentUser(request, response);
        } else {
            send(response, 404, Map.of("error", "no such resource"));
        }
    }

    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(request.getInputStream().readAllBytes());
        } catch (IOException e) {
            body = null;
        }
        String name = body == null ? null : body.path("username").asText(null);
        String password = body == null ? null : body.path("password").asText(null);
        User u = name == null ? null : users.get(name);
        if (u == null || password == null || !matches(u, password)) {
            send(response, 401, Map.of("error", "unknown user or wrong password"));
            return;
        }
        long ttl = Long.parseLong(env("TOKEN_TTL_SECONDS", "3600"));
        Instant now = Instant.now();
        Instant exp = now.plusSeconds(ttl);
        String token = Jwts.builder().subject(u.name()).id(UUID.randomUUID().toString()).issuedAt(Date.from(now))
                .expiration(Date.from(exp)).signWith(key, Jwts.SIG.HS256).compact();
        response.addHeader("Set-Cookie", "token=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + ttl);
        send(response, 200, Map.of("token", token, "user", u.name(), "expiresAt", exp.getEpochSecond()));
    }

    private void currentUser(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String header = request.getHeader(env("CLAIMS_HEADER", "x-localfaas-jwt-claims"));
        JsonNode claims = null;
        if (header != null && !header.isBlank()) {
            try {
                claims = JSON.readTree(header);
            } catch (IOException e) {
                claims = null;
            }
        }
        if (header == null || header.isBlank()) {
            claims = verifiedHere(request.getHeader("Authorization"));
        }
        if (claims == null || !claims.hasNonNull("sub") || !users.containsKey(claims.get("sub").asText())) {
            send(response, 401, Map.of("error", "a valid token is required"));
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", claims.get("sub").asText());
        out.put("expiresAt", claims.path("exp").asLong());
        send(response, 200, out);
    }

    /** Behind a trigger that checks no token (FC 2.0, the Funcraft template): the Bearer token verified with jjwt. */
    private JsonNode verifiedHere(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        try {
            var claims = Jwts.parser().verifyWith(key).build().parseSignedClaims(authorization.substring("Bearer ".length())).getPayload();
            if (claims.getExpiration() == null) {
                return null;
            }
            return JSON.valueToTree(Map.of("sub", claims.getSubject(), "exp", claims.getExpiration().getTime() / 1000));
        } catch (io.jsonwebtoken.JwtException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean matches(User u, String password) {
        byte[] got = pbkdf2(password.toCharArray(), u.salt(), u.iterations(), u.algorithm());
        return MessageDigest.isEqual(got, u.hash());
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations, String algorithm) {
        try {
            KeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot hash with " + algorithm, e);
        }
    }

    private static SecretKey signingKey() {
        String secret = System.getenv("JWT_SECRET");
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("JWT_SECRET must be set to at least 32 bytes");
        }
        return Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the users file, first writing the shipped demo users into it (atomically) when it does not exist. */
    private static Map<String, User> loadUsers(Path file) throws IOException {
        if (!Files.exists(file)) {
            try (InputStream seed = UserFunction.class.getResourceAsStream("/seed-users.json")) {
                if (seed == null) {
                    throw new IOException("no users file at " + file + " and no seed-users.json in the jar");
                }
                writeAtomically(file, seed.readAllBytes());
            }
        }
        Map<String, User> out = new LinkedHashMap<>();
        for (JsonNode n : JSON.readTree(Files.readAllBytes(file)).path("users")) {
            Base64.Decoder b64 = Base64.getDecoder();
            out.put(n.get("name").asText(), new User(n.get("name").asText(), n.path("algorithm").asText("PBKDF2WithHmacSHA256"),
                    n.get("iterations").asInt(), b64.decode(n.get("salt").asText()), b64.decode(n.get("hash").asText())));
        }
        return Map.copyOf(out);
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            // Two instances seeding at once both write the same content: whichever rename lands last is as good.
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void send(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
