package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The todo app end to end through the gateway on the real engine (config/todo.yaml, run by {@code faas up}): the page's
 * calls, JWT checks at the gateway, user isolation, and data that survives a restart and a kill of the data service
 * in the middle of a burst of writes.
 */
class TodoAppIT {
    @TempDir
    Path dir;
    @TempDir
    static Path sharedDir;
    /** One todo app for the tests that need no start of their own (started by the first of them, stopped after all). */
    private static TodoApp shared;

    private static synchronized TodoApp shared() throws Exception {
        if (shared == null) {
            shared = new TodoApp(sharedDir.resolve("data"));
        }
        return shared;
    }

    @org.junit.jupiter.api.AfterAll
    static void stopShared() throws Exception {
        if (shared != null) {
            shared.close();
        }
    }

    private static Set<String> ids(JsonNode todos) {
        Set<String> out = new HashSet<>();
        todos.forEach(t -> out.add(t.get("id").asText()));
        return out;
    }

    @Test
    @Timeout(240)
    void loginCreateListCompleteDeleteThenTokensAndIsolation() throws Exception {
        {
            TodoApp app = shared(); // demo's list is this test's alone (the other test on the shared app writes as bob)
            TodoApp.Reply page = app.call("GET", "/", null, null);
            assertEquals(200, page.status());
            assertTrue(page.body().contains("<script src=\"app.js\">"), page.body());
            assertEquals(200, app.call("GET", "/app.js", null, null).status(), "assets come from the web function");
            assertEquals(401, app.call("POST", "/api/login", null, Map.of("username", "demo", "password", "wrong")).status());

            String demo = app.login("demo");
            TodoApp.Reply me = app.call("GET", "/api/currentUser", demo, null);
            assertEquals(200, me.status(), me.body());
            assertEquals("demo", me.json().get("user").asText());

            String id = app.create(demo, "buy milk");
            TodoApp.Reply list = app.call("GET", "/api/todos", demo, null);
            assertEquals(200, list.status(), list.body());
            assertEquals(Set.of(id), ids(list.json().get("todos")));
            assertFalse(list.json().get("todos").get(0).get("done").asBoolean());

            TodoApp.Reply done = app.call("PUT", "/api/todos/" + id, demo, Map.of("done", true));
            assertEquals(200, done.status(), done.body());
            assertTrue(app.call("GET", "/api/todos", demo, null).json().get("todos").get(0).get("done").asBoolean(), "completed");

            assertEquals(200, app.call("DELETE", "/api/todos/" + id, demo, null).status());
            assertEquals(Set.of(), ids(app.call("GET", "/api/todos", demo, null).json().get("todos")), "deleted");

            // Writes need a valid token: none, expired, signed with another secret, or a claims header forged by hand.
            String keep = app.create(demo, "keep me");
            String expired = TodoApp.token(TodoApp.SECRET, "demo", Instant.now().minusSeconds(600));
            String otherSecret = TodoApp.token("another-secret-of-at-least-32-bytes!!", "demo", Instant.now().plusSeconds(600));
            for (String token : new String[] {null, expired, otherSecret, "not.a.token"}) {
                assertEquals(401, app.call("POST", "/api/todos", token, Map.of("title", "x")).status(), "create with " + token);
                assertEquals(401, app.call("PUT", "/api/todos/" + keep, token, Map.of("done", true)).status(), "complete with " + token);
                assertEquals(401, app.call("DELETE", "/api/todos/" + keep, token, null).status(), "delete with " + token);
                assertEquals(401, app.call("POST", "/store/todos", token, Map.of("title", "x")).status(), "the data service directly");
                assertEquals(401, app.call("GET", "/api/todos", token, null).status(), "reads too");
            }
            var forged = app.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.base + "/store/todos"))
                    .header("x-localfaas-jwt-claims", "{\"sub\":\"demo\",\"scope\":\"sync\"}").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, forged.statusCode(), "a claims header sent by a client is never believed");
            assertEquals(Set.of(keep), ids(app.call("GET", "/api/todos", demo, null).json().get("todos")), "nothing changed");

            // Alice and Bob: neither sees nor changes the other's todos, through rule or the data service.
            String alice = app.login("alice");
            String bob = app.login("bob");
            String hers = app.create(alice, "alice's secret plan");
            assertFalse(ids(app.call("GET", "/api/todos", bob, null).json().get("todos")).contains(hers));
            assertFalse(app.call("GET", "/store/todos", bob, null).body().contains(hers), "nor from the data service");
            assertEquals(404, app.call("PUT", "/api/todos/" + hers, bob, Map.of("done", true)).status());
            assertEquals(404, app.call("DELETE", "/api/todos/" + hers, bob, null).status());
            assertEquals(404, app.call("DELETE", "/store/todos/" + hers, bob, null).status());
            JsonNode herList = app.call("GET", "/api/todos", alice, null).json().get("todos");
            assertEquals(Set.of(hers), ids(herList));
            assertFalse(herList.get(0).get("done").asBoolean(), "bob's PUT changed nothing");
            assertFalse(ids(app.call("GET", "/api/todos", alice, null).json().get("todos")).contains(keep), "demo's is demo's");
        }
    }

    /**
     * Concurrent writes of one user land on several {@code todo} instances at once (a cold pool scaled out by sustained
     * load): each is a read-modify-write of the same file, serialized across instances by the file lock, so none is lost.
     * On the shared app, as bob (whose list the other test only reads for alice's todo).
     */
    @Test
    @Timeout(240)
    void concurrentWritesOfOneUserOnSeveralInstancesLoseNothing() throws Exception {
        int clients = 40; // instanceConcurrency 8: all of them in flight need 3 instances (todo's maxInstances)
        {
            TodoApp app = shared();
            String bob = app.login("bob");
            Set<String> before = ids(app.call("GET", "/store/todos", bob, null).json().get("todos"));
            app.retire("todo");
            AtomicInteger n = new AtomicInteger();
            List<TodoApp.Reply> replies = TodoApp.sustain(clients, 3000,
                    () -> app.call("POST", "/store/todos", bob, Map.of("title", "concurrent " + n.incrementAndGet())),
                    rs -> rs.stream().map(r -> r.instance().orElse("")).distinct().count() >= 2);
            Set<String> ids = new HashSet<>();
            Set<String> instances = new HashSet<>();
            for (TodoApp.Reply r : replies) {
                assertEquals(201, r.status(), r.body());
                ids.add(r.json().get("id").asText());
                instances.add(r.instance().orElseThrow());
            }
            assertTrue(instances.size() >= 2, "the writes ran on several instances: " + instances + " (" + replies.size() + " writes)");
            ids.addAll(before);
            assertEquals(ids, ids(app.call("GET", "/store/todos", bob, null).json().get("todos")), "no write was lost");
        }
    }

    /**
     * config/todo-template.yml, the same app as a Funcraft template: served at /todo/<function>, its data on the NAS
     * mount under the state dir, and (a template has no JWT triggers) the functions check the tokens themselves.
     */
    @Test
    @Timeout(240)
    void theFuncraftTwinServesTheSameAppAndStillRefusesBadTokens() throws Exception {
        try (TodoApp app = new TodoApp(dir.resolve("data"), RunningPlatform.CONFIG.resolve("todo-template.yml"))) {
            assertTrue(app.call("GET", "/todo/web/", null, null).body().contains("<script src=\"app.js\">"));
            assertTrue(app.call("GET", "/todo/web/config.js", null, null).body().contains("\"/todo/rule/todos\""));
            String demo = app.login("demo", "/todo/user/login");
            assertEquals("demo", app.call("GET", "/todo/user/currentUser", demo, null).json().get("user").asText());
            TodoApp.Reply created = app.call("POST", "/todo/rule/todos", demo, Map.of("title", "from the template"));
            assertEquals(201, created.status(), created.body());
            String id = created.json().get("todo").get("id").asText();
            assertEquals(Set.of(id), ids(app.call("GET", "/todo/rule/todos", demo, null).json().get("todos")));
            String otherSecret = TodoApp.token("another-secret-of-at-least-32-bytes!!", "demo", Instant.now().plusSeconds(600));
            String expired = TodoApp.token(TodoApp.SECRET, "demo", Instant.now().minusSeconds(600));
            for (String token : new String[] {null, expired, otherSecret}) {
                assertEquals(401, app.call("POST", "/todo/rule/todos", token, Map.of("title", "x")).status());
                assertEquals(401, app.call("DELETE", "/todo/todo/todos/" + id, token, null).status());
                assertEquals(401, app.call("GET", "/todo/user/currentUser", token, null).status());
            }
            String alice = app.login("alice", "/todo/user/login");
            assertEquals(Set.of(), ids(app.call("GET", "/todo/rule/todos", alice, null).json().get("todos")));
            assertEquals(404, app.call("PUT", "/todo/rule/todos/" + id, alice, Map.of("done", true)).status());
            Path nas = dir.resolve("data-state").resolve("nas").resolve("todo-app.nas.local__todo");
            assertTrue(Files.isRegularFile(nas.resolve("todos").resolve("demo.json")), "the data is on the NAS stand-in: " + nas);
        }
    }

    /**
     * A burst of writes from several clients; once some have been acknowledged, {@code docker kill} of the todo instance
     * (SIGKILL, mid-write for whatever it was doing). Every write that got a 2xx is there after the burst and after a
     * restart of the platform, and every file of the store parses.
     */
    @Test
    @Timeout(300)
    void acknowledgedWritesSurviveAKillMidBurstAndARestart() throws Exception {
        Path data = dir.resolve("data");
        int clients = 6;
        int perClient = 15;
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        String killed;
        int doneAtKill;
        try (TodoApp app = new TodoApp(data)) {
            String[] tokens = {app.login("demo"), app.login("alice")};
            app.create(tokens[0], "warm-up");
            CountDownLatch someAcknowledged = new CountDownLatch(clients * 2);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> burst = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String token = tokens[c % 2];
                int client = c;
                burst.add(pool.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        TodoApp.Reply r = app.call("POST", "/api/todos", token, Map.of("title", "burst " + client + "-" + i));
                        if (r.status() / 100 == 2) {
                            acknowledged.add(r.json().get("todo").get("id").asText());
                            someAcknowledged.countDown();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            assertTrue(someAcknowledged.await(120, TimeUnit.SECONDS), "writes were acknowledged before the kill");
            doneAtKill = acknowledged.size() + failed.get();
            killed = dockerKill(app.child.platformId(), "todo");
            assertTrue(doneAtKill < clients * perClient, "the kill came in the middle of the burst (" + doneAtKill + " done)");
            for (Future<?> f : burst) {
                f.get(180, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertTrue(acknowledged.size() >= clients * 2, "acknowledged: " + acknowledged.size() + ", failed: " + failed.get());
            System.out.printf("burst: %d acknowledged, %d failed (killed %s after %d)%n", acknowledged.size(), failed.get(), killed, doneAtKill);
            assertEquals(acknowledged, present(app, tokens, acknowledged), "every acknowledged write is there after the kill");
            app.stop();
        }
        assertStoreParses(data);
        try (TodoApp again = new TodoApp(data)) {
            String[] tokens = {again.login("demo"), again.login("alice")};
            assertEquals(acknowledged, present(again, tokens, acknowledged), "and after a restart (killed instance " + killed + ")");
        }
        assertStoreParses(data);
    }

    private static Set<String> present(TodoApp app, String[] tokens, Set<String> wanted) throws IOException, InterruptedException {
        Set<String> out = new HashSet<>();
        for (String t : tokens) {
            TodoApp.Reply r = app.call("GET", "/store/todos", t, null);
            assertEquals(200, r.status(), r.body());
            ids(r.json().get("todos")).stream().filter(wanted::contains).forEach(out::add);
        }
        return out;
    }

    /** Every file of the store is a whole JSON array of todos; no write left a half-written file in place. */
    private static void assertStoreParses(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("todos"))) {
            List<Path> json = files.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
            assertFalse(json.isEmpty());
            for (Path p : json) {
                JsonNode n = TodoApp.JSON.readTree(p.toFile());
                assertTrue(n.isArray(), p + " holds a JSON array");
                n.forEach(t -> assertNotEquals("", t.path("id").asText(""), p + ": every todo has an id"));
            }
        }
    }

    /** {@code docker kill} of the function's running container of this platform (selected by its labels); its id. */
    static String dockerKill(String platformId, String function) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("docker", "ps", "-q", "--filter", "label=io.localfaas.platform=" + platformId,
                "--filter", "label=io.localfaas.function=" + function).redirectErrorStream(true).start();
        String ids = new String(ps.getInputStream().readAllBytes()).trim();
        assertTrue(ps.waitFor(30, TimeUnit.SECONDS) && ps.exitValue() == 0, ids);
        assertFalse(ids.isEmpty(), "a running " + function + " container of platform " + platformId);
        String id = ids.lines().findFirst().orElseThrow();
        Process kill = new ProcessBuilder("docker", "kill", id).redirectErrorStream(true).start();
        String out = new String(kill.getInputStream().readAllBytes());
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, out);
        return id;
    }
}
