package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code faas invoke} on the real engine: alone (started, invoked once, removed) and against a running faas up. */
class InvokeIT {
    @TempDir
    Path dir;

    private Path config;
    private Map<String, String> env;

    @BeforeEach
    void function() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));
        Files.writeString(code.resolve("index.js"), """
                exports.handler = (event, context, callback) => {
                  const text = event.toString();
                  console.log('got ' + text.length + ' bytes');
                  if (text.includes('boom')) {
                    throw new TypeError('boom requested');
                  }
                  callback(null, {echo: JSON.parse(text)});
                };
                """);
        config = dir.resolve("app.yaml");
        Files.writeString(config, "service: inv\nfunctions:\n  echo: {runtime: nodejs18, codeUri: code, handler: index.handler, timeout: 10s}\n");
        env = Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString());
    }

    private ChildPlatform invoke(String stdin, String... args) throws Exception {
        ChildPlatform child = new ChildPlatform(env, args);
        try (OutputStream in = child.process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        return child;
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aloneWithTheEventOnStdinAndAThrowingFunctionExitsNonZero() throws Exception {
        try (ChildPlatform ok = invoke("{\"a\":1}", "invoke", "echo", config.toString(), "-e", "-")) {
            assertEquals(0, ok.awaitExit(Duration.ofSeconds(90)), ok.err().toString());
            assertEquals(List.of("{\"echo\":{\"a\":1}}"), ok.out());
            assertTrue(ok.err().stream().anyMatch(l -> l.startsWith("faas: starting echo alone")), ok.err().toString());
            assertTrue(ok.err().stream().anyMatch(l -> l.contains("got 7 bytes")), "the function's log on stderr: " + ok.err());
        }
        try (ChildPlatform bad = invoke("", "invoke", "echo", config.toString(), "--data", "boom")) {
            assertEquals(1, bad.awaitExit(Duration.ofSeconds(90)), bad.err().toString());
            String last = bad.err().get(bad.err().size() - 1);
            assertTrue(last.startsWith("faas: error: function echo failed: UnhandledInvocationError"), bad.err().toString());
            assertTrue(last.contains("boom requested"), last);
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void againstARunningPlatform() throws Exception {
        try (ChildPlatform up = new ChildPlatform(env, "up", config.toString(), "--port", "0")) {
            up.awaitListening();
            Path state = dir.resolve("state").resolve("platform.json");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
            try (ChildPlatform ok = invoke("{\"b\":2}", "invoke", "echo", config.toString(), "-e", "-")) {
                assertEquals(0, ok.awaitExit(Duration.ofSeconds(90)), ok.err().toString());
                assertEquals(List.of("{\"echo\":{\"b\":2}}"), ok.out());
                assertTrue(ok.err().stream().anyMatch(l -> l.startsWith("faas: invoked echo on the running platform at http://127.0.0.1:")),
                        ok.err().toString());
                assertTrue(ok.err().stream().anyMatch(l -> l.contains("got 7 bytes")), ok.err().toString());
            }
            up.process.destroy();
            up.awaitExit();
            assertTrue(Files.notExists(state), "the state file goes with the platform");
        }
    }
}
