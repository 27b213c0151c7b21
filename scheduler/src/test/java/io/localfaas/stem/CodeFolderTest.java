package io.localfaas.stem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeFolderTest {
    @TempDir
    Path tmp;

    @Test
    void fillsAnEmptyFolderWithTheCodeAndNeverFollowsALinkOutOfIt() throws IOException {
        Path code = Files.createDirectories(tmp.resolve("code/lib"));
        Files.writeString(tmp.resolve("code/index.js"), "exports.handler = 1;");
        Files.writeString(code.resolve("util.js"), "util");
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "the host's secret");
        Files.createSymbolicLink(tmp.resolve("code/leak"), secret);
        Files.createSymbolicLink(tmp.resolve("code/lib/index-link.js"), Path.of("../index.js"));
        Files.setPosixFilePermissions(code, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path folder = tmp.resolve("stem/s1");
        CodeFolder.createEmpty(folder);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));

        CodeFolder.fill(tmp.resolve("code"), folder);

        assertEquals("exports.handler = 1;", Files.readString(folder.resolve("index.js")));
        assertEquals("util", Files.readString(folder.resolve("lib/util.js")));
        assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("lib"))));
        assertTrue(Files.isSymbolicLink(folder.resolve("leak")), "a link stays a link: the file it names is not copied in");
        assertEquals(secret, Files.readSymbolicLink(folder.resolve("leak")));
        assertEquals(Path.of("../index.js"), Files.readSymbolicLink(folder.resolve("lib/index-link.js")));
        assertEquals(Files.readAttributes(tmp.resolve("code/index.js"), "unix:ino").get("ino"),
                Files.readAttributes(folder.resolve("index.js"), "unix:ino").get("ino"), "hard-linked on the same file system");

        CodeFolder.delete(folder);
        assertFalse(Files.exists(folder, LinkOption.NOFOLLOW_LINKS));
        assertEquals("exports.handler = 1;", Files.readString(tmp.resolve("code/index.js")), "the function's own files stay");
        assertEquals("the host's secret", Files.readString(secret));
    }

    @Test
    void aSingleFileOfCodeGoesInUnderItsOwnName() throws IOException {
        Path jar = Files.writeString(tmp.resolve("app.jar"), "PK");
        Path folder = tmp.resolve("stem/s2");
        CodeFolder.createEmpty(folder);
        CodeFolder.fill(jar, folder);
        assertEquals("PK", Files.readString(folder.resolve("app.jar")));
    }
}
