package io.localfaas.backend.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether the runtime user (uid/gid 10001) can read code on the host, before it is mounted. */
class CodeAccessTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} owner {1}:{2} dir={3} -> {4}")
    @CsvSource(textBlock = """
            rwx------, 0,     0,     true,  false
            rwxr-xr-x, 0,     0,     true,  true
            rwxr--r--, 0,     0,     true,  false
            rw-------, 0,     0,     false, false
            rw-r--r--, 0,     0,     false, true
            rwx------, 10001, 0,     true,  true
            rwxr-x---, 0,     10001, true,  true
            rw-r-----, 0,     10001, false, true
            rw-r-----, 0,     0,     false, false
            ---r--r--, 10001, 0,     false, false
            """)
    void readable(String perms, int owner, int group, boolean isDir, boolean expected) {
        assertEquals(expected, CodeAccess.readable(PosixFilePermissions.fromString(perms), owner, group, isDir,
                CodeAccess.RUNTIME_UID, CodeAccess.RUNTIME_GID));
    }

    @Test
    void aPrivateFolderIsNamedWithItsMode() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));
        Files.writeString(code.resolve("index.js"), "x");
        Files.setPosixFilePermissions(code, PosixFilePermissions.fromString("rwx------"));
        assertEquals(Optional.of(new CodeAccess.Unreadable(code, "0700")), CodeAccess.firstUnreadable(code));
    }

    @Test
    void aPrivateFileInsideIsNamed() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));
        Files.setPosixFilePermissions(code, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(code.resolve("a.js"), "x");
        Files.setPosixFilePermissions(code.resolve("a.js"), PosixFilePermissions.fromString("rw-r--r--"));
        Path secret = Files.writeString(code.resolve("index.js"), "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Optional.of(new CodeAccess.Unreadable(secret, "0600")), CodeAccess.firstUnreadable(code));
    }

    @Test
    void readableCodeHasNothingToSay() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));
        Files.setPosixFilePermissions(code, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectory(code.resolve("lib"));
        Files.setPosixFilePermissions(code.resolve("lib"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(code.resolve("lib/index.js"), "x");
        Files.setPosixFilePermissions(code.resolve("lib/index.js"), PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Optional.empty(), CodeAccess.firstUnreadable(code));
    }
}
