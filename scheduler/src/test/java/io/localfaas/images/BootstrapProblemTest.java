package io.localfaas.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import io.localfaas.spec.CodeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is wrong with a custom-runtime function's bootstrap, said before a container starts. */
class BootstrapProblemTest {
    @TempDir
    Path code;

    @Test
    void aCommandNeedsNoBootstrap() {
        assertEquals(Optional.empty(), FunctionImageBackend.bootstrapProblem(Specs.customRuntime("web", code, CodeMode.MOUNT, 9000,
                List.of("node", "index.js"), List.of())));
    }

    @Test
    void noCommandAndNoBootstrapSaysWhatToWrite() {
        assertEquals(Optional.of("a custom-runtime function without customRuntimeConfig.command runs the bootstrap in its code folder,"
                        + " and there is none (" + code.resolve("bootstrap") + "): write an executable bootstrap that starts the server on"
                        + " port 9000, or set customRuntimeConfig.command"),
                FunctionImageBackend.bootstrapProblem(Specs.customRuntime("web", code, CodeMode.MOUNT, 9000, List.of(), List.of())));
    }

    @Test
    void aBootstrapThatIsNotExecutableSaysChmod() throws Exception {
        Path bootstrap = Files.writeString(code.resolve("bootstrap"), "#!/bin/sh\nexec node index.js\n");
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Optional.of("its custom-runtime bootstrap is not executable: chmod +x " + bootstrap),
                FunctionImageBackend.bootstrapProblem(Specs.customRuntime("web", code, CodeMode.MOUNT, 9000, List.of(), List.of())));
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(Optional.empty(),
                FunctionImageBackend.bootstrapProblem(Specs.customRuntime("web", code, CodeMode.MOUNT, 9000, List.of(), List.of())));
    }
}
