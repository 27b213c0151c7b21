package io.localfaas.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the platform creates is its user's alone; a mount's folder also the runtime user's. */
class OwnerOnlyTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void createdFoldersAre0700AndExistingOnesKeepTheirMode() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        OwnerOnly.createDirectories(dir.resolve("a/b/c"));
        assertEquals("rwx------", mode(dir.resolve("a")));
        assertEquals("rwx------", mode(dir.resolve("a/b/c")));
        assertEquals("rwxr-xr-x", mode(dir));
    }

    @Test
    void aMountFolderIsTheRuntimeUsersWhenRunAsRootElseOnlyItselfIsOpenInsideClosedParents() throws Exception {
        Path source = dir.resolve("data/todo");
        OwnerOnly.mountFolder(source);
        assertEquals("rwx------", mode(dir.resolve("data")), "nobody else enters the created parent");
        if (OwnerOnly.runningAsRoot()) {
            assertEquals(OwnerOnly.RUNTIME_UID, Files.getAttribute(source, "unix:uid"));
            assertEquals("rwx------", mode(source));
        } else {
            assertEquals("rwxrwxrwx", mode(source));
        }
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-x---"));
        OwnerOnly.mountFolder(source);
        assertEquals("rwxr-x---", mode(source), "an existing folder is left alone");
    }
}
