package io.localfaas.runtime.java17;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap as a stem cell in its own process, as the launcher starts one (PROTOCOL.md §10). */
class StemCellProcessTest {
    private static final String STEM_KEY = "stemstemstemstem0123456789abcdef";
    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;
    private Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** A stem cell on a free port: an empty code folder, the launcher's flags, its key on descriptor 3. */
    private int startStemCell(Path code) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path keyFile = Files.writeString(dir.resolve("key"), STEM_KEY + "\n");
        Path log = dir.resolve("stem.log");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "exec \"$0\" \"$@\" 3<\"$KEY_FILE\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-D" + Main.STEM_CELL_PROPERTY + "=true",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
        pb.environment().keySet().removeIf(k -> k.startsWith("FC_") || k.equals("STEM_SECRET"));
        pb.environment().put("KEY_FILE", keyFile.toString());
        pb.environment().put(InstanceKey.FD_VARIABLE, "3");
        pb.environment().put("FC_SERVER_PORT", Integer.toString(port));
        pb.environment().put("FC_FUNC_CODE_PATH", code.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        process = pb.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("waiting for /specialise") || !process.isAlive());
        assertTrue(process.isAlive(), () -> "stem cell died: " + read(log));
        return port;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private HttpResponse<String> call(int port, String control, String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(30))
                .header("x-fc-control-path", control).header(InstanceKey.HEADER, key).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String specialisation(Path code) {
        return "{\"environment\": {\"FC_HANDLER\": \"fixtures.EnvEcho::handleRequest\", \"FC_FUNC_CODE_PATH\": \"" + code
                + "\", \"GREETING\": \"hello from the function\", \"FC_INSTANCE_CONCURRENCY\": \"4\", \"LOCALFAAS_INSTANCE_KEY\": \"" + KEY
                + "\"}}";
    }

    @Test
    void aStemCellRunsNoCodeUntilSpecialisedThenIsItsFunctionWithItsEnvironmentAndKey() throws Exception {
        Path code = Files.createDirectories(dir.resolve("code"));
        int port = startStemCell(code);
        HttpResponse<String> early = call(port, "/invoke", STEM_KEY, "GREETING");
        assertEquals(409, early.statusCode(), early.body());
        assertTrue(early.body().contains("this stem cell has no function yet: POST /specialise first"), early.body());
        assertEquals(403, call(port, "/specialise", "wrong-key-wrong-key-wrong-key", specialisation(code)).statusCode());
        assertEquals(400, call(port, "/specialise", STEM_KEY, "{\"environment\": {}}").statusCode(), "no new key");

        TestFunctions.jar(code.resolve("functions.jar")); // the platform fills the folder, then specialises
        HttpResponse<String> done = call(port, "/specialise", STEM_KEY, specialisation(code));
        assertEquals(200, done.statusCode(), done.body());

        HttpResponse<String> env = call(port, "/invoke", KEY, "GREETING");
        assertEquals(List.of(200, "hello from the function"), List.of(env.statusCode(), env.body()));
        assertEquals("4", call(port, "/invoke", KEY, "FC_INSTANCE_CONCURRENCY").body());
        assertEquals("(unset)", call(port, "/invoke", KEY, "LOCALFAAS_INSTANCE_KEY").body(), "the key is no variable");
        assertEquals(403, call(port, "/invoke", STEM_KEY, "GREETING").statusCode(), "the stem cell's key opens nothing any more");
        assertEquals(409, call(port, "/specialise", KEY, specialisation(code)).statusCode(), "once only");
    }
}
