package io.localfaas.it;

import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.List;
import java.util.ArrayList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/**
 * config/todo.yaml run by {@code faas up} as its own JVM (as a user runs it) on the real engine, on a free port, with
 * the data directory, JWT secret and admin token of the test. Stopping it is a SIGTERM (drain, pre-stop, removal).
 */
final class TodoApp implements AutoCloseable {
    static final Path CONFIG = RunningPlatform.CONFIG.resolve("todo.yaml");
    static final String SECRET = "todo-app-it-secret-0123456789abcdef";
    static final String ADMIN = "todo-app-it-admin-token";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FUNCTIONS = Path.of("..", "sample-functions", "todo-app");

    final ChildPlatform child;
    final String base;
    final Path data;
    /** HTTP/1.1: an HTTP/2-first client holds concurrent first requests back until it knows the protocol. */
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** The answer to one call: status, headers that say who served it, body as JSON (null when empty or not JSON). */
    record Reply(int status, JsonNode json, String body, Optional<String> instance, boolean cold) {
    }

    TodoApp(Path data) throws IOException {
        this(data, CONFIG);
    }

    TodoApp(Path data, Path config) throws IOException {
        for (String fn : new String[] {"user", "todo"}) {
            Path jar = FUNCTIONS.resolve(fn).resolve("code").resolve(fn + ".jar");
            assertTrue(Files.isRegularFile(jar), jar + " is missing: the build writes it (mvn package -pl sample-functions/todo-app/" + fn + ")");
        }
        this.data = data;
        this.child = new ChildPlatform(Map.of("TODO_DATA", data.toString(), "JWT_SECRET", SECRET, "LOCALFAAS_ADMIN_TOKEN", ADMIN,
                "LOCALFAAS_STATE_DIR", data.resolveSibling(data.getFileName() + "-state").toString()),
                "up", config.toString(), "--port", "0", "--allow-mount", data.toString());
        this.base = child.awaitListening();
    }

    Reply call(String method, String path, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("content-type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode json = null;
        try {
            json = r.body().isBlank() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            json = null;
        }
        return new Reply(r.statusCode(), json, r.body(), r.headers().firstValue("x-localfaas-instance"),
                r.headers().firstValue("x-localfaas-cold-start").map(Boolean::parseBoolean).orElse(false));
    }

    /** Logs in through the user function; the token it issued. */
    String login(String user) throws IOException, InterruptedException {
        return login(user, "/api/login");
    }

    String login(String user, String path) throws IOException, InterruptedException {
        Reply r = call("POST", path, null, Map.of("username", user, "password", user + "-password"));
        assertEquals(200, r.status(), r.body());
        return r.json().get("token").asText();
    }

    /** Creates a todo through rule; its id. */
    String create(String token, String title) throws IOException, InterruptedException {
        Reply r = call("POST", "/api/todos", token, Map.of("title", title));
        assertEquals(201, r.status(), r.body());
        return r.json().get("todo").get("id").asText();
    }

    /** Retires every instance of {@code function} through the admin API: its next request pays a cold start. */
    /**
     * Runs {@code clients} loops of {@code call} at once, released together, until {@code enough} holds for the replies so
     * far, or {@code maxCalls} calls or 120 s have gone by; returns every reply. Sustained concurrency above a function's
     * instanceConcurrency keeps its first instance full, so the instances the pool adds for it serve too, however quick
     * each call is (a single burst may be drained by the first instance before the others are ready).
     */
    static List<Reply> sustain(int clients, int maxCalls, Callable<Reply> call, Predicate<List<Reply>> enough) throws Exception {
        List<Reply> replies = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                loops.add(pool.submit(() -> {
                    go.await();
                    while (!done.get() && calls.incrementAndGet() <= maxCalls && System.nanoTime() < deadline) {
                        Reply r = call.call();
                        synchronized (replies) {
                            replies.add(r);
                            if (enough.test(replies)) {
                                done.set(true);
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> loop : loops) {
                loop.get(180, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        synchronized (replies) {
            return List.copyOf(replies);
        }
    }

    void retire(String function) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/system/functions/" + function + "/retire"))
                .header("authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    static String token(String secret, String subject, Instant expires) {
        return Jwts.builder().subject(subject).issuedAt(Date.from(expires.minusSeconds(3600))).expiration(Date.from(expires))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
    }

    /** SIGTERM, as Ctrl-C: the platform drains, runs pre-stop hooks and removes its containers. */
    void stop() throws InterruptedException {
        child.process.destroy();
        child.awaitExit();
    }

    @Override
    public void close() throws IOException {
        if (child.process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        child.close();
    }
}
