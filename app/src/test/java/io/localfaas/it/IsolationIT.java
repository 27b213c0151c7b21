package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.localfaas.spec.Confinement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a function, or a project file, must not get at (issue 23): the host's folders through mounts and code, host
 * files through links baked into an image. Each case failed before isolation was built.
 */
@Timeout(300)
class IsolationIT {
    @TempDir
    Path dir;

    private Path hello(Path where, String token) throws Exception {
        Files.createDirectories(where);
        Files.writeString(where.resolve("index.js"), "exports.handler = (req, resp) => resp.send('" + token + "');\n");
        return where;
    }

    /** A mount of {@code /} and a codeUri outside the project are refused by {@code faas validate}, each with its rule. */
    @Test
    void aMountOfRootAndCodeOutsideTheProjectAreRefusedAtValidationNamingTheRule() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path elsewhere = hello(dir.resolve("elsewhere"), "x");
        hello(project.resolve("code"), "x");
        Path file = project.resolve("app.yaml");
        Files.writeString(file, "service: s\nfunctions:\n"
                + "  probe:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n"
                + "    mounts: [{source: /, target: /mnt/host}]\n"
                + "  outside:\n    runtime: nodejs18\n    codeUri: ../elsewhere\n    handler: index.handler\n"
                + "  up:\n    runtime: nodejs18\n    codeUri: ../../../../../../..\n    handler: index.handler\n");
        // The surefire/failsafe environment allows this repository; nothing here lies in it.
        try (ChildPlatform child = new ChildPlatform(Map.of(), "validate", file.toString())) {
            assertEquals(2, child.awaitExit());
            List<String> err = child.err();
            Path elsewhereReal = elsewhere.toRealPath();
            assertTrue(err.stream().anyMatch(l -> l.startsWith(file + ":7:23: functions.probe.mounts[0].source = /: ")
                    && l.contains("[rule " + Confinement.SYSTEM + "]")), err.toString());
            assertTrue(err.stream().anyMatch(l -> l.startsWith(file + ":10:14: functions.outside.codeUri = ../elsewhere: ")
                    && l.contains("[rule " + Confinement.OUTSIDE + "]") && l.contains("--allow-mount " + elsewhereReal)),
                    err.toString());
            assertTrue(err.stream().anyMatch(l -> l.contains("functions.up.codeUri") && l.contains("[rule " + Confinement.SYSTEM + "]")),
                    err.toString());
        }
        try (ChildPlatform child = new ChildPlatform(Map.of(), "validate", file.toString(), "--allow-mount", elsewhere.toString())) {
            assertEquals(2, child.awaitExit());
            assertFalse(child.err().stream().anyMatch(l -> l.contains("functions.outside")), "allowed: " + child.err());
            assertTrue(child.err().stream().anyMatch(l -> l.contains("mounts[0].source = /")), "/ stays refused: " + child.err());
        }
    }

    /**
     * {@code codeMode: image} with a link in the code folder to a 0600 host file: the build refuses it, naming the link,
     * and no image holds the file; a link inside the code folder is copied as a link and works.
     */
    @Test
    void aLinkToAHostFileIsNotBakedIntoTheImage() throws Exception {
        String secret = "host-secret-" + UUID.randomUUID();
        Path key = Files.writeString(dir.resolve("host-key"), secret);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path code = hello(dir.resolve("project/code"), "ok");
        Files.createSymbolicLink(code.resolve("key"), key);
        Path file = dir.resolve("project/app.yaml");
        Files.writeString(file, "service: s\nplatform: {host: 127.0.0.1, port: 0}\nfunctions:\n"
                + "  leak:\n    runtime: nodejs18\n    codeMode: image\n    codeUri: code\n    handler: index.handler\n"
                + "    triggers: [{path: /leak, methods: [GET]}]\n");
        try (ChildPlatform child = new ChildPlatform(Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()), "up", file.toString(),
                "--port", "0")) {
            assertEquals(1, child.awaitExit(), "the build is refused: " + child.err());
            String err = String.join("\n", child.err());
            assertTrue(err.contains("holds a link key -> " + key) && err.contains("leaves it"), err);
            assertFalse(err.contains(secret), err);
        }
        Files.delete(code.resolve("key"));
        Files.writeString(code.resolve("real.txt"), "inside");
        Files.createSymbolicLink(code.resolve("alias.txt"), Path.of("real.txt"));
        Files.writeString(code.resolve("index.js"), "exports.handler = (req, resp) => resp.send(require('fs').readFileSync('alias.txt'));\n");
        try (ChildPlatform child = new ChildPlatform(Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()), "up", file.toString(),
                "--port", "0")) {
            String base = child.awaitListening();
            var http = java.net.http.HttpClient.newHttpClient();
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/leak"))
                    .timeout(java.time.Duration.ofSeconds(60)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("inside", r.body());
        }
    }

    private static final String PROBE = """
            const net = require('net');
            const http = require('http');
            function connect(host, port) {
              return new Promise((resolve) => {
                const s = net.connect({ host, port: Number(port), timeout: 2000 });
                s.on('connect', () => { s.destroy(); resolve('open'); });
                s.on('error', (e) => resolve(e.code));
                s.on('timeout', () => { s.destroy(); resolve('timeout'); });
              });
            }
            function get(url, headers) {
              return new Promise((resolve) => {
                const r = http.get(url, { headers, timeout: 3000 }, (res) => {
                  let b = ''; res.on('data', (c) => { b += c; }); res.on('end', () => resolve(res.statusCode + ' ' + b.slice(0, 80)));
                });
                r.on('error', (e) => resolve(e.code));
                r.on('timeout', () => { r.destroy(); resolve('timeout'); });
              });
            }
            let held;
            exports.handler = async (req, resp) => {
              const q = req.queries;
              const out = {};
              out.hostLoopback = await connect('127.0.0.1', q.loopbackPort);
              out.hostLoopbackViaBridge = await connect(q.bridge, q.loopbackPort);
              out.otherInstance = await connect(q.instanceHost, q.instancePort);
              out.forgedCall = await get(`http://${q.instanceHost}:${q.instancePort}/`,
                { 'x-fc-control-path': '/http-invoke', 'x-localfaas-jwt-claims': '{"sub":"rule","scope":"sync"}' });
              out.gateway = await get(`${process.env.LOCALFAAS_GATEWAY_URL}/target`, {});
              out.bound = await new Promise((resolve) => {
                held = net.createServer().listen(Number(q.bindPort), '0.0.0.0', () => resolve('bound'));
                held.on('error', (e) => resolve(e.code));
              });
              resp.setHeader('content-type', 'application/json');
              resp.send(JSON.stringify(out));
            };
            """;

    /**
     * Every instance in a network namespace of its own: a function (standing in for a malicious dependency) reaches
     * neither a loopback-only server of the host (directly or through the bridge), nor another instance (a forged call
     * with claims gets nowhere), and the port it binds is not a port of the host; it still reaches the gateway.
     */
    @Test
    void aFunctionReachesNoHostLoopbackServerNoOtherInstanceAndBindsNoHostPort() throws Exception {
        Path project = Files.createDirectories(dir.resolve("net"));
        Files.createDirectories(project.resolve("probe"));
        Files.writeString(project.resolve("probe/index.js"), PROBE);
        hello(project.resolve("target"), "target-ok");
        Path file = project.resolve("net.yaml");
        Files.writeString(file, "service: net\nfunctions:\n"
                + "  probe:\n    runtime: nodejs18\n    codeUri: probe\n    handler: index.handler\n    timeout: 30s\n"
                + "    triggers: [{path: /probe, methods: [GET]}]\n"
                + "  target:\n    runtime: nodejs18\n    codeUri: target\n    handler: index.handler\n"
                + "    triggers: [{path: /target, methods: [GET]}]\n");
        int bindPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            bindPort = free.getLocalPort();
        }
        try (RunningPlatform p = new RunningPlatform(file);
                java.net.ServerSocket loopbackOnly = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var target = p.get("/target");
            assertEquals(200, target.statusCode(), target.body());
            String id = target.headers().firstValue("x-localfaas-instance").orElseThrow();
            io.localfaas.backend.RunningInstance instance = p.scheduler.pool("target").orElseThrow().running(id).orElseThrow();
            String bridge = p.engine.instanceGateway().orElseThrow();
            var r = p.get("/probe?loopbackPort=" + loopbackOnly.getLocalPort() + "&bridge=" + bridge + "&instanceHost=" + instance.host()
                    + "&instancePort=" + instance.port() + "&bindPort=" + bindPort);
            assertEquals(200, r.statusCode(), r.body());
            var out = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            assertEquals("ECONNREFUSED", out.get("hostLoopback").asText(), r.body());
            assertEquals("ECONNREFUSED", out.get("hostLoopbackViaBridge").asText(), r.body());
            assertTrue(List.of("timeout", "EHOSTUNREACH", "ECONNREFUSED").contains(out.get("otherInstance").asText()), r.body());
            assertFalse(out.get("forgedCall").asText().startsWith("200"), r.body());
            assertEquals("bound", out.get("bound").asText(), "the function binds in its own namespace: " + r.body());
            assertTrue(out.get("gateway").asText().startsWith("200 target-ok"), "the gateway stays reachable: " + r.body());
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", bindPort), 2000);
                throw new AssertionError("the function's port " + bindPort + " is a port of the host");
            } catch (java.net.ConnectException expected) {
                // refused: the host has no such port
            }
        }
    }

    /** A function's terminal escapes and carriage returns reach the faas up terminal (and faas logs) escaped. */
    @Test
    void aFunctionsEscapeSequencesReachTheTerminalEscaped() throws Exception {
        Path project = Files.createDirectories(dir.resolve("esc"));
        Files.createDirectories(project.resolve("code"));
        Files.writeString(project.resolve("code/index.js"), "exports.handler = (req, resp) => {\n"
                + "  console.log('title \\u001b]0;owned\\u0007 clip \\u001b]52;c;ZXZpbA==\\u0007\\rfaas: error: forged');\n"
                + "  resp.send('ok');\n};\n");
        Path file = project.resolve("esc.yaml");
        Files.writeString(file, "service: esc\nfunctions:\n  esc:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n"
                + "    triggers: [{path: /esc, methods: [GET]}]\n");
        Path state = dir.resolve("esc-state");
        try (ChildPlatform child = new ChildPlatform(Map.of("LOCALFAAS_STATE_DIR", state.toString()), "up", file.toString(), "--port", "0")) {
            String base = child.awaitListening();
            var http = java.net.http.HttpClient.newHttpClient();
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/esc")).timeout(java.time.Duration.ofSeconds(60))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> child.out().stream().anyMatch(l -> l.contains("title ")));
            String line = child.out().stream().filter(l -> l.contains("title ")).findFirst().orElseThrow();
            assertTrue(line.contains("title \\x1b]0;owned\\x07 clip \\x1b]52;c;ZXZpbA==\\x07\\rfaas: error: forged"), line);
            assertFalse(line.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == '\r'), "no raw control character: " + line);
            assertTrue(child.out().stream().noneMatch(l -> l.startsWith("faas: error: forged")), "no forged platform line");
            Path log = state.resolve("logs/esc/esc.log");
            String logged = Files.readString(log);
            assertTrue(logged.contains("\\x1b]52;c;") && logged.chars().noneMatch(c -> c == 0x1b), "the log file holds text: " + logged);
        }
    }

    /** A 1 MB YAML scalar-alias bomb is one clear error from faas validate (it used to validate, then exhaust faas up's heap). */
    @Test
    void aYamlAliasBombIsOneClearError() throws Exception {
        Path project = Files.createDirectories(dir.resolve("bomb"));
        hello(project, "x");
        StringBuilder b = new StringBuilder("service: bomb\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: .\n    handler: index.handler\n"
                + "    environment:\n      A: &a \"" + "x".repeat(4000) + "\"\n");
        for (int i = 0; b.length() < io.localfaas.spec.SpecLoader.MAX_FILE_BYTES - 40; i++) {
            b.append("      V").append(i).append(": *a\n");
        }
        Path file = Files.writeString(project.resolve("bomb.yaml"), b);
        for (List<String> args : List.of(List.of("validate", file.toString()), List.of("up", file.toString(), "--port", "0"))) {
            try (ChildPlatform child = new ChildPlatform(Map.of(), args.toArray(String[]::new))) {
                assertEquals(2, child.awaitExit(), child.err().toString());
                assertEquals(1, child.err().size(), child.err().toString());
                assertTrue(child.err().get(0).startsWith(file + ":8:") && child.err().get(0).contains("too many YAML aliases"),
                        child.err().get(0));
            }
        }
    }

    /** A second OS user can neither write the todo app's data folder nor read or swap its users file. */
    @Test
    void aSecondOsUserCannotWriteTheTodoDataFolder() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to act as a second user");
        // The folders above stay open to all (a temporary folder is 0700 by itself): only the data folder's own mode counts.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = dir.resolve("data");
        try (TodoApp app = new TodoApp(data)) {
            String demo = app.login("demo");
            app.create(demo, "mine");
            Path users = Files.list(data).filter(f -> f.getFileName().toString().startsWith("users")).findFirst().orElseThrow();
            for (String[] attempt : List.of(
                    new String[] {"sh", "-c", "echo x > " + data.resolve("planted")},
                    new String[] {"sh", "-c", "cat " + users},
                    new String[] {"sh", "-c", "echo '{}' > " + users},
                    new String[] {"sh", "-c", "mv " + users + " " + data.resolve("gone")})) {
                List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
                cmd.addAll(List.of(attempt));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
                String output = new String(p.getInputStream().readAllBytes());
                assertTrue(p.exitValue() != 0 && output.contains("Permission denied"), String.join(" ", attempt) + ": " + output);
            }
            assertEquals(200, app.call("GET", "/api/todos", demo, null).status(), "the app still works");
        }
    }
}
