package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.localfaas.backend.docker.DockerImages;
import io.localfaas.images.CodeHash;
import io.localfaas.images.ImageKey;
import io.localfaas.spec.CodeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code reload on the real engine: an edit of a running function's index.js is served on the next request after the
 * reload message; an edit that breaks the module gives the module error; a fix recovers. The function's output shows
 * in faas up's stdout with function, instance and request id.
 */
class CodeReloadIT {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String handler(String body) {
        return "exports.handler = (req, resp, context) => { console.log('serving " + body + "'); resp.send('" + body + "'); };\n";
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long reloads(ChildPlatform child) {
        return child.err().stream().filter(l -> l.startsWith("faas: reloading web: index.js changed")).count();
    }

    /** A java17 function whose jar is rebuilt (here: replaced by a copy) reloads: the next request is served by a new instance. */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aRebuiltJarIsServedByANewInstance() throws Exception {
        Path built = Path.of("..", "sample-functions", "java-hello", "code", "java-hello.jar").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(built), "the build wrote the sample's jar");
        Path code = Files.createDirectory(dir.resolve("jcode"));
        Path jar = code.resolve("java-hello.jar");
        Files.copy(built, jar);
        Path file = dir.resolve("java.yaml");
        Files.writeString(file, "service: jdev\nfunctions:\n  jhello: {runtime: java17, codeUri: jcode, handler: example.HelloFC::handleRequest,"
                + " initializer: example.HelloFC::initialize, initializationTimeout: 20s, timeout: 20s, memorySize: 256,"
                + " triggers: [{path: /jhello, methods: [GET]}]}\n");
        try (ChildPlatform child = new ChildPlatform(Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()),
                "up", file.toString(), "--port", "0")) {
            String base = child.awaitListening();
            HttpResponse<String> before = get(base + "/jhello?name=a");
            assertEquals(200, before.statusCode(), before.body());
            String oldInstance = before.headers().firstValue("x-localfaas-instance").orElseThrow();

            Path rebuilt = code.resolve("java-hello.jar.new");
            Files.copy(built, rebuilt);
            Files.move(rebuilt, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(5)));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    child.err().stream().anyMatch(l -> l.startsWith("faas: reloading jhello: java-hello.jar changed")));
            HttpResponse<String> after = get(base + "/jhello?name=b");
            assertEquals(200, after.statusCode(), after.body());
            assertTrue(!oldInstance.equals(after.headers().firstValue("x-localfaas-instance").orElseThrow()), "a new instance serves");
            assertEquals("true", after.headers().firstValue("x-localfaas-cold-start").orElseThrow());
            child.process.destroy();
            child.awaitExit();
        }
    }

    /**
     * Code mode image: an edit rebuilds the function's image, then new instances start from it (the old one retired);
     * the terminal names the function, the file and the new image.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void inImageModeAnEditRebuildsTheImageAndIsServedFromIt() throws Exception {
        Path code = Files.createDirectory(dir.resolve("icode"));
        Path index = code.resolve("index.js");
        Files.writeString(index, handler("image one"));
        Files.writeString(code.resolve("token.txt"), java.util.UUID.randomUUID().toString()); // an image of this run's own
        Path file = dir.resolve("image.yaml");
        Files.writeString(file, "service: idev\nfunctions:\n"
                + "  web: {runtime: nodejs18, codeMode: image, codeUri: icode, handler: index.handler, triggers: [{path: /web, methods: [GET]}]}\n");
        List<String> images = new ArrayList<>();
        try (DockerImages engine = DockerImages.connect()) {
            String runtimeId = engine.inspect(io.localfaas.spec.Runtime.NODEJS18.image()).orElseThrow().id();
            images.add(new ImageKey(runtimeId, CodeHash.of(code), CodeMode.IMAGE).tag());
            try (ChildPlatform child = new ChildPlatform(Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()),
                    "up", file.toString(), "--port", "0")) {
                String base = child.awaitListening();
                await().atMost(Duration.ofSeconds(10)).until(() -> child.out().stream().anyMatch(l -> l.startsWith("reloading code on change: 1 function(s)")));
                HttpResponse<String> first = get(base + "/web");
                assertEquals("image one", first.body());
                String oldInstance = first.headers().firstValue("x-localfaas-instance").orElseThrow();

                Files.writeString(index, handler("image two, longer"));
                String expected = new ImageKey(runtimeId, CodeHash.of(code), CodeMode.IMAGE).tag();
                images.add(expected);
                await().atMost(Duration.ofSeconds(60)).until(() -> reloads(child) >= 1);
                String message = child.err().stream().filter(l -> l.startsWith("faas: reloading web: index.js changed")).findFirst().orElseThrow();
                assertTrue(message.contains(" image " + expected + " built;") && message.contains("(1 old instance(s) retired)"), message);
                HttpResponse<String> after = get(base + "/web");
                assertEquals("image two, longer", after.body());
                assertTrue(!oldInstance.equals(after.headers().firstValue("x-localfaas-instance").orElseThrow()), "a new instance serves");
                child.process.destroy();
                child.awaitExit();
            } finally {
                images.forEach(engine::removeIfUnused);
            }
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void anEditIsServedAfterTheReloadMessageAndABrokenModuleRecovers() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));
        Path index = code.resolve("index.js");
        Files.writeString(index, handler("version one"));
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, "service: dev\nfunctions:\n"
                + "  web: {runtime: nodejs18, codeUri: code, handler: index.handler, triggers: [{path: /web, methods: [GET]}]}\n");
        try (ChildPlatform child = new ChildPlatform(Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()),
                "up", file.toString(), "--port", "0")) {
            String base = child.awaitListening();
            await().atMost(Duration.ofSeconds(10)).until(() -> child.out().stream().anyMatch(l -> l.startsWith("reloading code on change: 1 function(s)")));
            HttpResponse<String> first = get(base + "/web");
            assertEquals("version one", first.body());
            // The function's output appears in faas up's stdout with function, instance and request id.
            String requestId = first.headers().firstValue("x-fc-request-id").orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> child.out().stream().anyMatch(l -> l.contains("serving version one")));
            String line = child.out().stream().filter(l -> l.contains("serving version one")).findFirst().orElseThrow();
            assertTrue(line.startsWith("web.") && line.contains(" " + requestId.substring(0, 8) + " | "), line + " / " + requestId);

            Files.writeString(index, handler("version two, longer"));
            await().atMost(Duration.ofSeconds(20)).until(() -> reloads(child) >= 1);
            assertEquals("version two, longer", get(base + "/web").body());

            Files.writeString(index, "exports.handler = (req, resp, context) => {\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> reloads(child) >= 2);
            HttpResponse<String> broken = get(base + "/web");
            assertTrue(broken.statusCode() >= 500, broken.statusCode() + " " + broken.body());
            assertTrue(broken.body().contains("SyntaxError") || broken.body().contains("ModuleError"), broken.body());

            Files.writeString(index, handler("version three, fixed"));
            await().atMost(Duration.ofSeconds(20)).until(() -> reloads(child) >= 3);
            assertEquals("version three, fixed", get(base + "/web").body());
            child.process.destroy();
            child.awaitExit();
        }
    }
}
