package io.localfaas.backend.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.localfaas.backend.CustomContainer;

/**
 * The container settings of a custom container: the instances' network ({@link InstanceNetwork}, set by the caller:
 * a network namespace of its own, so that it may listen on a fixed port such as FC's 9000 on 0.0.0.0 and several instances
 * coexist), where the platform reaches it at its own address; only off that network (the bench's host-network switch)
 * is its port published, on {@code 127.0.0.1:<hostPort>} only. A writable root filesystem (an arbitrary image may write
 * where it likes).
 * The other limits of {@link DockerBackend} stay.
 */
final class DockerCustomContainers {
    private DockerCustomContainers() {
    }

    /**
     * @param publishOn the loopback port to publish the container's port on, or empty when the platform reaches the
     *                  container at its address (a published port answers through the engine's proxy, which accepts
     *                  connections before the process listens: a readiness check would pass too early)
     */
    static void apply(CreateContainerCmd cmd, HostConfig host, CustomContainer c, java.util.OptionalInt publishOn) {
        ExposedPort port = ExposedPort.tcp(c.containerPort());
        host.withReadonlyRootfs(false);
        publishOn.ifPresent(hostPort -> host.withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), port)));
        cmd.withExposedPorts(port);
        if (!c.command().isEmpty()) {
            cmd.withEntrypoint(c.command());
        }
        if (!c.args().isEmpty()) {
            cmd.withCmd(c.args());
        }
    }
}
