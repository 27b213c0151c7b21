package io.localfaas.backend.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.MountSpec;
import io.localfaas.spec.Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether the runtime user (uid/gid 10001) can write a writable mount's folder, before an instance starts. */
class MountAccessTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} owner {1}:{2} -> {3}")
    @CsvSource(textBlock = """
            rwxr-xr-x, 0,     0,     false
            rwxrwxrwx, 0,     0,     true
            rwxr-xr-x, 10001, 0,     true
            r-xr-xr-x, 10001, 0,     false
            rwxrwx---, 0,     10001, true
            rwxrwxrw-, 0,     0,     false
            """)
    void writable(String perms, int owner, int group, boolean expected) {
        assertEquals(expected, MountAccess.writable(PosixFilePermissions.fromString(perms), owner, group, CodeAccess.RUNTIME_UID,
                CodeAccess.RUNTIME_GID));
    }

    private static FunctionSpec withMount(Runtime runtime, MountSpec m) {
        return new FunctionSpec("s", "data", runtime, runtime == Runtime.CUSTOM_CONTAINER ? Optional.empty() : Optional.of(Path.of("/code")),
                CodeMode.MOUNT, runtime == Runtime.CUSTOM_CONTAINER ? Optional.of("img:1") : Optional.empty(), "index.handler",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 10, Duration.ofMinutes(5),
                Map.of(), List.of(), 9000, List.of(), List.of(), List.of(m));
    }

    @Test
    void aUserMadeFolderIsNamedWithTheFixAndAReadOnlyOrMissingOneIsFine() throws Exception {
        Path todos = Files.createDirectory(dir.resolve("todos"));
        Files.setPosixFilePermissions(todos, PosixFilePermissions.fromString("rwxr-xr-x"));
        // The tests run as root or as a user; either way uid 10001 is neither the owner nor (here) in the group.
        List<String> problems = MountAccess.problems(withMount(Runtime.NODEJS18, new MountSpec(todos, "/mnt/todo", false)));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(todos.toString()) && problems.get(0).contains("mode 0755")
                && problems.get(0).contains("chmod a+rwx " + todos), problems.get(0));
        assertEquals(List.of(), MountAccess.problems(withMount(Runtime.NODEJS18, new MountSpec(todos, "/mnt/todo", true))));
        assertEquals(List.of(), MountAccess.problems(withMount(Runtime.NODEJS18, new MountSpec(dir.resolve("new"), "/mnt/new", false))));
        assertEquals(List.of(), MountAccess.problems(withMount(Runtime.CUSTOM_CONTAINER, new MountSpec(todos, "/mnt/todo", false))));
        Files.setPosixFilePermissions(todos, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(List.of(), MountAccess.problems(withMount(Runtime.NODEJS18, new MountSpec(todos, "/mnt/todo", false))));
    }
}
