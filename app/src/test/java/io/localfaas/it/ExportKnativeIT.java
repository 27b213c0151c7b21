package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faas export knative} for real: the exported images are started with {@code docker run -e PORT=…} and no
 * platform, as a Knative pod runs them (runtime-images/PROTOCOL.md §9), and answer as the same functions do under
 * {@code faas up}. Containers are started on the host network on a free loopback port (so a closed port really is
 * closed while the initializer runs), labelled for this test and removed at the end.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ExportKnativeIT {
    private static final Path CONFIG = Path.of("src", "test", "resources", "knative", "knative.yaml").toAbsolutePath();
    private static final String LABEL = "io.localfaas.test=export-knative-it";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static Path out;
    static Path gates;
    static List<String> exportOutput;

    @BeforeAll
    static void export() throws Exception {
        out = dir.resolve("manifests");
        gates = Files.createDirectory(dir.resolve("gates"));
        Files.setPosixFilePermissions(gates, PosixFilePermissions.fromString("rwxrwxrwx")); // the runtime's user reads it
        try (ChildPlatform faas = new ChildPlatform(Map.of(), "export", "knative", CONFIG.toString(), "-o", out.toString(),
                "--registry", "localhost:5000/it", "--keep-local")) {
            int rc = faas.awaitExit(Duration.ofMinutes(5));
            exportOutput = faas.out();
            assertEquals(0, rc, () -> "export failed: " + faas.out() + faas.err());
        }
    }

    @AfterAll
    static void removeContainersAndImages() throws Exception {
        removeAll(List.of("rm", "-f"), docker("ps", "-aq", "--filter", "label=" + LABEL));
        removeAll(List.of("image", "rm", "-f"), docker("images", "-q", "--filter", "reference=localhost:5000/it/*"));
    }

    private static void removeAll(List<String> command, String ids) throws Exception {
        if (!ids.isBlank()) {
            List<String> cmd = new ArrayList<>(command);
            cmd.addAll(List.of(ids.trim().split("\\s+")).stream().distinct().toList());
            docker(cmd.toArray(String[]::new));
        }
    }

    @Test
    void writesOneManifestPerFunctionNamingItsBuiltImage() throws Exception {
        for (String fn : List.of("gated", "echo", "web", "java-hello")) {
            String image = image(fn);
            assertTrue(image.startsWith("localhost:5000/it/kn-" + fn + ":"), image);
            assertFalse(docker("image", "inspect", "--format", "{{.Id}}", image).isBlank());
        }
        assertFalse(Files.exists(out.resolve("images")), "--keep-local saves no tarballs");
        assertTrue(exportOutput.stream().anyMatch(l -> l.contains("web: HTTP trigger /kn/web (GET,POST)")), exportOutput.toString());
    }

    @Test
    void withoutKeepLocalSavesEachImageAsATarballDockerCanLoad() throws Exception {
        Path one = dir.resolve("one.yaml");
        Files.writeString(one, "service: kn\nfunctions:\n  echo:\n    runtime: nodejs18\n    codeUri: " + CONFIG.getParent().resolve("code")
                + "\n    handler: index.echo\n");
        Path saved = dir.resolve("saved");
        try (ChildPlatform faas = new ChildPlatform(Map.of(), "export", "knative", one.toString(), "-o", saved.toString(),
                "--registry", "localhost:5000/it")) {
            assertEquals(0, faas.awaitExit(Duration.ofMinutes(5)), () -> faas.out() + "" + faas.err());
        }
        String image = YAML.readTree(saved.resolve("echo.yaml").toFile()).at("/spec/template/spec/containers/0/image").asText();
        Path tar = saved.resolve("images").resolve(image.substring(image.lastIndexOf('/') + 1).replace(':', '-') + ".tar");
        assertTrue(Files.size(tar) > 0, tar.toString());
        assertTrue(docker("load", "-i", tar.toString()).contains(image), "docker load names the image");
    }

    @Test
    void readinessOnlyAfterTheInitializerRan() throws Exception {
        int port = freePort();
        String id = run("gated", port);
        awaitLog(id, "initializer started");
        assertFalse(accepts(port), "the port is closed while the initializer runs");
        Files.writeString(gates.resolve("init"), "open");
        awaitAccepting(id, port);
        HttpResponse<String> r = post(port, "/", "ev-1");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(JSON.readTree("{\"initialized\":true,\"event\":\"ev-1\",\"function\":\"gated\"}"), JSON.readTree(r.body()));
        assertTrue(r.headers().firstValue("x-fc-request-id").isPresent());
    }

    @Test
    void answersAsTheSameFunctionsDoUnderFaasUp() throws Exception {
        int echoPort = freePort();
        int failsPort = freePort();
        int webPort = freePort();
        int javaPort = freePort();
        List<String> ids = List.of(run("echo", echoPort), run("fails", failsPort), run("web", webPort), run("java-hello", javaPort));
        awaitAccepting(ids.get(0), echoPort);
        awaitAccepting(ids.get(1), failsPort);
        awaitAccepting(ids.get(2), webPort);
        awaitAccepting(ids.get(3), javaPort);
        try (RunningPlatform up = new RunningPlatform(CONFIG)) {
            String api = "/2016-08-15/services/kn/functions/";
            assertSame(send(up.gateway.baseUrl(), "POST", api + "echo/invocations", "hello"), send(base(echoPort), "POST", "/", "hello"));
            assertSame(send(up.gateway.baseUrl(), "POST", api + "fails/invocations", "e-2"), send(base(failsPort), "POST", "/", "e-2"));
            assertSame(send(up.gateway.baseUrl(), "POST", "/kn/web?a=1", "posted"), send(base(webPort), "POST", "/kn/web?a=1", "posted"));
            assertSame(send(up.gateway.baseUrl(), "GET", "/kn/web?b=2", null), send(base(webPort), "GET", "/kn/web?b=2", null));
            HttpResponse<String> javaUp = send(up.gateway.baseUrl(), "GET", "/kn/java-hello?name=kn", null);
            HttpResponse<String> javaAlone = send(base(javaPort), "GET", "/kn/java-hello?name=kn", null);
            assertEquals(javaUp.statusCode(), javaAlone.statusCode(), javaAlone.body());
            for (String field : List.of("message", "initCount", "initializedBeforeFirstInvoke", "function", "method")) {
                assertEquals(JSON.readTree(javaUp.body()).get(field), JSON.readTree(javaAlone.body()).get(field), field);
            }
        }
    }

    private static void assertSame(HttpResponse<String> underUp, HttpResponse<String> alone) throws IOException {
        assertEquals(underUp.statusCode(), alone.statusCode(), alone.body());
        assertEquals(underUp.headers().firstValue("x-fc-error-type"), alone.headers().firstValue("x-fc-error-type"));
        assertEquals(underUp.headers().firstValue("content-type"), alone.headers().firstValue("content-type"));
        assertEquals(JSON.readTree(underUp.body()), JSON.readTree(alone.body()));
    }

    @Test
    void runsInstanceConcurrencyCallsAtOnceInOneContainer() throws Exception {
        int port = freePort();
        awaitAccepting(run("latch", port), port);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(HTTP.sendAsync(request(base(port), "POST", "/", "x"), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            HttpResponse<String> r = c.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("all 4 at once", r.body());
        }
    }

    @Test
    void sigtermLetsTheCallInFlightFinishThenRunsPreStop() throws Exception {
        int port = freePort();
        String id = run("slow", port);
        awaitAccepting(id, port);
        CompletableFuture<HttpResponse<String>> call = HTTP.sendAsync(request(base(port), "POST", "/", "s"), HttpResponse.BodyHandlers.ofString());
        awaitLog(id, "slow started");
        docker("kill", "--signal", "TERM", id);
        awaitLog(id, "received SIGTERM");
        Files.writeString(gates.resolve("slow"), "open");
        HttpResponse<String> r = call.get(60, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals("slow done", r.body());
        assertEquals("0", docker("wait", id).trim());
        assertTrue(docker("logs", id).contains("preStop ran"));
    }

    @Test
    void aFailingInitializerExitsNonZeroWithTheErrorInItsLog() throws Exception {
        String id = run("broken", freePort());
        assertNotEquals("0", docker("wait", id).trim());
        String log = docker("logs", id);
        assertTrue(log.contains("the database is unreachable"), log);
        assertFalse(log.contains("listening on"), log);
    }

    @Test
    void anInitializerPastItsTimeoutExitsNonZero() throws Exception {
        String id = run("stuck", freePort());
        assertNotEquals("0", docker("wait", id).trim());
        assertTrue(docker("logs", id).contains("did not finish within 1000 ms (FC_INITIALIZATION_TIMEOUT)"));
    }

    // ------------------------------------------------------------------------------------------------

    private static String image(String function) throws IOException {
        Map<String, Object> svc = YAML.readValue(out.resolve(function + ".yaml").toFile(), new TypeReference<>() {
        });
        JsonNode tree = JSON.valueToTree(svc);
        return tree.at("/spec/template/spec/containers/0/image").asText();
    }

    /** {@code docker run -d -e PORT=port IMAGE}, as a pod runs it (on loopback here: host network, bound to 127.0.0.1). */
    private static String run(String function, int port) throws Exception {
        return docker("run", "-d", "--label", LABEL, "--network", "host", "-e", "PORT=" + port, "-e", "FC_SERVER_HOST=127.0.0.1",
                "-v", gates + ":/gate:ro", image(function)).trim();
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "docker", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " did not finish within 120 s");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " exited " + p.exitValue() + ": " + output);
        }
        return output;
    }

    private static void awaitLog(String id, String text) {
        await().atMost(Duration.ofSeconds(60)).until(() -> docker("logs", id).contains(text));
    }

    private static void awaitAccepting(String id, int port) {
        await().atMost(Duration.ofSeconds(60)).until(() -> accepts(port) || docker("ps", "-q", "--filter", "id=" + id).isBlank());
        assertTrue(accepts(port), () -> {
            try {
                return "container did not listen: " + docker("logs", id);
            } catch (Exception e) {
                return e.toString();
            }
        });
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static HttpRequest request(String base, String method, String target, String body) {
        return HttpRequest.newBuilder(URI.create(base + target)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> post(int port, String target, String body) throws IOException, InterruptedException {
        return HTTP.send(request(base(port), "POST", target, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String base, String method, String target, String body) throws IOException, InterruptedException {
        return HTTP.send(request(base, method, target, body), HttpResponse.BodyHandlers.ofString());
    }
}
