package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** On the docker backend, code in a 0700 folder is refused at start with the folder and the fix, not a module error later. */
class UnreadableCodeIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aPrivateCodeFolderIsRefusedNamingTheFolder() throws Exception {
        Path code = Files.createDirectory(dir.resolve("private-code"));
        Files.writeString(code.resolve("index.js"), "exports.handler = (e, c, cb) => cb(null, 'hi');\n");
        Files.setPosixFilePermissions(code, PosixFilePermissions.fromString("rwx------"));
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, "service: s\nplatform: {backend: docker}\nfunctions:\n"
                + "  hello: {runtime: nodejs18, codeUri: private-code, handler: index.handler, triggers: [{path: /hello}]}\n");
        try (ChildPlatform child = new ChildPlatform(Map.of(), "up", file.toString(), "--port", "0")) {
            assertEquals(2, child.awaitExit(Duration.ofSeconds(60)), child.err().toString());
            assertEquals(1, child.err().size(), child.err().toString());
            String line = child.err().get(0);
            Path folder = code.toAbsolutePath().normalize();
            assertTrue(line.startsWith("faas: error: function hello: " + folder + " (mode 0700) in the code folder " + folder + " cannot be read"),
                    line);
            assertTrue(line.contains("chmod -R a+rX " + folder + " "), "the fix names the folder, never /: " + line);
        }
    }
}
