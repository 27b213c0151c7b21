package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course's cold-start bug, pinned: {@code rule-buggy} (the rule code without {@code initializer:}) answers the first
 * list after a cold start from memory its sync has not filled yet, so it is empty although the user has todos;
 * {@code rule} (the same code with FC's initializer, which runs the first sync before the instance serves) never is,
 * neither after a forced cold start nor on instances scaled out under concurrent load.
 */
class TodoColdStartIT {
    private static final int ROUNDS = 5;

    @TempDir
    static Path dir;
    /**
     * One todo app for both cases (each forces its own cold starts by retiring instances and creates the todo it looks
     * for, so neither depends on the other's order or leftovers).
     */
    private static TodoApp app;

    @BeforeAll
    static void start() throws Exception {
        app = new TodoApp(dir.resolve("data"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private static Set<String> ids(TodoApp.Reply r) {
        Set<String> out = new HashSet<>();
        JsonNode todos = r.json().get("todos");
        todos.forEach(t -> out.add(t.get("id").asText()));
        return out;
    }

    @Test
    @Timeout(420)
    void withoutTheInitializerTheFirstListIsEmptyWithItNever() throws Exception {
        String demo = app.login("demo");
        String id = app.create(demo, "exists before every cold start");
        for (int round = 0; round < ROUNDS; round++) {
            app.retire("rule-buggy");
            app.retire("rule");
            TodoApp.Reply buggy = app.call("GET", "/buggy/api/todos", demo, null);
            assertEquals(200, buggy.status(), buggy.body());
            assertTrue(buggy.cold(), "round " + round + ": rule-buggy paid a cold start");
            assertEquals(Set.of(), ids(buggy), "round " + round + ": the bug: the first list is empty while the data exists");

            TodoApp.Reply fixed = app.call("GET", "/api/todos", demo, null);
            assertEquals(200, fixed.status(), fixed.body());
            assertTrue(fixed.cold(), "round " + round + ": rule paid a cold start");
            assertTrue(ids(fixed).contains(id), "round " + round + ": the initializer synced before the first request: " + fixed.body());
        }
    }

    @Test
    @Timeout(300)
    void instancesScaledOutUnderConcurrentLoadNeverAnswerAnEmptyList() throws Exception {
        int clients = 40; // instanceConcurrency 10: all of them in flight at once need 4 instances (rule's maxInstances)
        String demo = app.login("demo");
        String id = app.create(demo, "exists before the scale-out");
        app.retire("rule");
        List<TodoApp.Reply> replies = TodoApp.sustain(clients, 4000, () -> app.call("GET", "/api/todos", demo, null),
                rs -> rs.stream().filter(TodoApp.Reply::cold).map(r -> r.instance().orElse("")).distinct().count() >= 2
                        && rs.stream().map(r -> r.instance().orElse("")).distinct().count() >= 2);
        Set<String> instances = new HashSet<>();
        Set<String> coldInstances = new HashSet<>();
        for (TodoApp.Reply r : replies) {
            assertEquals(200, r.status(), r.body());
            assertTrue(ids(r).contains(id), "instance " + r.instance().orElse("?") + " answered " + r.body());
            instances.add(r.instance().orElseThrow());
            if (r.cold()) {
                coldInstances.add(r.instance().orElseThrow());
            }
        }
        assertTrue(coldInstances.size() >= 2, "the load scaled rule out to new instances: " + coldInstances + " of " + instances
                + " (" + replies.size() + " calls)");
    }
}
