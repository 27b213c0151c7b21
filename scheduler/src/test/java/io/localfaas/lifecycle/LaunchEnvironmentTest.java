package io.localfaas.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.Mount;
import io.localfaas.backend.RunningInstance;
import io.localfaas.protocol.InstanceClient;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.MountSpec;
import io.localfaas.spec.Runtime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a launch asks of the backend: the gateway's URL in the environment, the mounts with their sources created. */
class LaunchEnvironmentTest {
    @TempDir
    Path dir;

    private final ServerSocket listening = listen();
    private final List<InstanceLaunch> launches = new ArrayList<>();

    /** Records launches; every instance "listens" on one loopback socket the test opened. */
    private final InstanceBackend recording = new io.localfaas.backend.NoOpBackend() {
        @Override
        public RunningInstance start(InstanceLaunch launch) {
            launches.add(launch);
            return new RunningInstance(launch.instanceId(), "fake-" + launch.instanceId(), "127.0.0.1", listening.getLocalPort());
        }
    };

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void close() throws Exception {
        listening.close();
    }

    private FunctionSpec fn(List<MountSpec> mounts) throws Exception {
        Path code = Files.createDirectories(dir.resolve("code"));
        return new FunctionSpec("s", "f", Runtime.NODEJS18, Optional.of(code), CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 1, Duration.ofMinutes(5),
                Map.of(), List.of(), FunctionSpec.DEFAULT_CA_PORT, List.of(), List.of(), mounts);
    }

    @Test
    void instancesLearnTheGatewayUrlOnceTheCompositionRootKnowsIt() throws Exception {
        InstanceLauncher launcher = new InstanceLauncher(recording, new InstanceClient(), new Ports(), "p", Duration.ofSeconds(5));
        FunctionSpec f = fn(List.of());
        launcher.launch(f, "i1", () -> { });
        assertFalse(launches.get(0).environment().containsKey("LOCALFAAS_GATEWAY_URL"), "no gateway yet");
        launcher.gatewayUrl("http://127.0.0.1:40123");
        launcher.launch(f, "i2", () -> { });
        assertEquals("http://127.0.0.1:40123", launches.get(1).environment().get("LOCALFAAS_GATEWAY_URL"));
    }

    @Test
    void aMissingMountSourceIsCreatedWritableForTheInstanceAnExistingOneIsLeftAlone() throws Exception {
        Path missing = dir.resolve("data").resolve("todo");
        Path existing = Files.createDirectories(dir.resolve("ro"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-x---"));
        InstanceLauncher launcher = new InstanceLauncher(recording, new InstanceClient(), new Ports(), "p", Duration.ofSeconds(5));
        launcher.launch(fn(List.of(new MountSpec(missing, "/mnt/todo", false), new MountSpec(existing, "/mnt/ro", true))), "i1", () -> { });
        assertEquals(List.of(new Mount(missing, "/mnt/todo", false), new Mount(existing, "/mnt/ro", true)), launches.get(0).mounts());
        assertTrue(Files.isDirectory(missing));
        // Writable for the instance's user: given to uid 10001 (owner-only) when the platform runs as root, else open to all.
        boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        if (root) {
            assertEquals(io.localfaas.backend.OwnerOnly.RUNTIME_UID, Files.getAttribute(missing, "unix:uid"));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(missing)));
        } else {
            assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(missing)));
        }
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)));
    }
}
