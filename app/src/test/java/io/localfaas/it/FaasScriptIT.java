package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users type: the repository's {@code ./faas} script, run from a project folder, with the shaded jar it runs. Its
 * flag parsing is {@code up}'s own ({@code UpPlanTest} has the table); here: {@code up --help} runs nothing else,
 * {@code up --debug FN} (the README's form, once taken for a configuration file) runs the project file with the
 * inspector listening, and a machine without a Docker engine gets the process backend with its loud warning and no
 * engine installed (what the README's first paragraph says).
 */
@Timeout(300)
class FaasScriptIT {
    // HTTP/1.1: the Node inspector answers an h2c upgrade request with 400.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path project;

    /** The hello app as a project's own faas.yaml (the file ./faas up finds in the current folder). */
    private void helloProject() throws Exception {
        Path code = Path.of("..", "sample-functions", "hello").toAbsolutePath().normalize();
        Files.writeString(project.resolve("faas.yaml"), Files.readString(Path.of("..", "config", "hello.yaml"))
                .replace("codeUri: ../sample-functions/hello", "codeUri: " + code));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void upHelpPrintsUpsUsageAndSetsNothingUp() throws Exception {
        try (ChildPlatform faas = ChildPlatform.script(project, Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock", "LOCALFAAS_NO_BUILD", "1"), "up", "--help")) {
            assertEquals(0, faas.awaitExit(Duration.ofSeconds(120)), String.join("\n", faas.err()));
            assertTrue(faas.out().get(0).startsWith("Usage: faas up "), faas.out().toString());
            assertTrue(faas.out().stream().anyMatch(l -> l.contains("--debug=FUNCTION[:PORT]")), faas.out().toString());
            assertTrue(faas.err().stream().noneMatch(l -> l.startsWith("setup:")), "no set-up for help: " + faas.err());
        }
    }

    @Test
    void upDebugFunctionRunsTheProjectFileWithTheInspectorListening() throws Exception {
        helloProject();
        int inspector = freePort();
        try (ChildPlatform faas = ChildPlatform.script(project, Map.of("LOCALFAAS_NO_BUILD", "1"), "up", "--debug", "hello:" + inspector, "--port", "0")) {
            String url = faas.awaitListening(Duration.ofSeconds(180));
            assertTrue(faas.err().contains("faas: using faas.yaml (found in the current folder)"), faas.err().toString());
            assertTrue(faas.out().contains("localfaas 0.1.0: service hello, 1 function(s), backend docker"), faas.out().toString());
            // Printed right after the listening line.
            await().atMost(Duration.ofSeconds(10)).until(() -> faas.out().contains("debugging hello: the Node inspector listens on 127.0.0.1:"
                    + inspector + " (one instance; timeouts extended to 600 s, initializer 300 s)"));
            HttpResponse<String> hello = get(url + "/hello");
            assertEquals(200, hello.statusCode(), hello.body());
            assertTrue(hello.body().contains("hello from localfaas"), hello.body());
            // The one instance runs with the inspector: its /json/list names the debuggee.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> list = get("http://127.0.0.1:" + inspector + "/json/list");
                assertEquals(200, list.statusCode());
                assertTrue(list.body().contains("webSocketDebuggerUrl"), list.body());
            });
            faas.process.destroy(); // SIGTERM, as Ctrl-C: the script exec'd the JVM, so the signal reaches it
            assertEquals(143, faas.awaitExit(Duration.ofSeconds(60)), "128 + SIGTERM: " + String.join("\n", faas.err()));
            assertTrue(faas.err().contains("faas: stopped"), faas.err().toString());
        }
    }

    @Test
    void withoutAnEngineUpRunsOnTheProcessBackendSaysSoAndInstallsNothing() throws Exception {
        helloProject();
        Map<String, String> noEngine = Map.of("DOCKER_HOST", "unix://" + project.resolve("no-engine.sock"), "LOCALFAAS_NO_BUILD", "1");
        try (ChildPlatform faas = ChildPlatform.script(project, noEngine, "up", "--port", "0")) {
            String url = faas.awaitListening(Duration.ofSeconds(180));
            assertTrue(faas.err().contains("setup: ready (no Docker engine set up: the process backend)"), faas.err().toString());
            assertTrue(faas.err().stream().anyMatch(l -> l.startsWith("faas: WARNING: ISOLATION IS OFF")), faas.err().toString());
            assertTrue(faas.out().contains("localfaas 0.1.0: service hello, 1 function(s), backend process (no isolation)"), faas.out().toString());
            HttpResponse<String> hello = get(url + "/hello");
            assertEquals(200, hello.statusCode(), hello.body());
            assertTrue(hello.body().contains("hello from localfaas"), hello.body());
            faas.process.destroy();
            assertEquals(143, faas.awaitExit(Duration.ofSeconds(60)), "128 + SIGTERM: " + String.join("\n", faas.err()));
        }
    }
}
