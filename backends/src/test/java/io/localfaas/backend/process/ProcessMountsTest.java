package io.localfaas.backend.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import io.localfaas.backend.Mount;
import org.junit.jupiter.api.Test;

/** The process backend cannot bind-mount: values naming a mount's target (or below it) name its source instead. */
class ProcessMountsTest {
    private static final List<Mount> MOUNTS = List.of(new Mount(Path.of("/host/data"), "/mnt/todo", false),
            new Mount(Path.of("/host/ro"), "/mnt/ro/", true));

    @Test
    void valuesUnderATargetPointAtTheSource() {
        assertEquals("/host/data", ProcessBackend.mountedPath("/mnt/todo", MOUNTS));
        assertEquals("/host/data/users.json", ProcessBackend.mountedPath("/mnt/todo/users.json", MOUNTS));
        assertEquals("/host/ro/x", ProcessBackend.mountedPath("/mnt/ro/x", MOUNTS));
    }

    @Test
    void otherValuesAreLeftAlone() {
        assertEquals("/mnt/todos", ProcessBackend.mountedPath("/mnt/todos", MOUNTS), "a prefix of a name is not a path below");
        assertEquals("hello /mnt/todo", ProcessBackend.mountedPath("hello /mnt/todo", MOUNTS));
        assertEquals("3600", ProcessBackend.mountedPath("3600", MOUNTS));
        assertEquals("http://127.0.0.1:8080/mnt/todo", ProcessBackend.mountedPath("http://127.0.0.1:8080/mnt/todo", MOUNTS));
    }

    @Test
    void eachElementOfAPathListIsMapped() {
        assertEquals("/usr/bin:/host/data/bin::/host/ro", ProcessBackend.mountedPath("/usr/bin:/mnt/todo/bin::/mnt/ro", MOUNTS));
    }

    @Test
    void anExecutableIsFoundOnThePath(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
        Path exe = java.nio.file.Files.writeString(bin.resolve("python3"), "#!/bin/sh\n");
        assertEquals(java.util.Optional.empty(), ProcessBackend.onPath(bin.toString(), "python3"), "not executable: not found");
        exe.toFile().setExecutable(true);
        assertEquals(java.util.Optional.of(exe), ProcessBackend.onPath("/nonexistent:" + bin, "python3"));
        assertEquals(java.util.Optional.empty(), ProcessBackend.onPath(null, "python3"));
    }
}
