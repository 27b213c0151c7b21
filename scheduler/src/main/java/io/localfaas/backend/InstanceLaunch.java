package io.localfaas.backend;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to start: an image (or runtime) with the function code, environment and limits, listening on {@code port}.
 *
 * @param labels          identify the owner platform, function and instance on everything the backend creates
 * @param customContainer present for a custom container: its own network namespace, its port published on loopback
 * @param mounts          host directories mounted into the instance (existing directories)
 */
public record InstanceLaunch(
        String instanceId,
        String functionName,
        String image,
        Optional<Path> codeDir,
        int port,
        int memoryMb,
        Map<String, String> environment,
        Map<String, String> labels,
        Optional<CustomContainer> customContainer,
        List<Mount> mounts) {
    public InstanceLaunch {
        environment = Map.copyOf(environment);
        labels = Map.copyOf(labels);
        mounts = List.copyOf(mounts);
    }

    /** A launch without mounts. */
    public InstanceLaunch(String instanceId, String functionName, String image, Optional<Path> codeDir, int port, int memoryMb,
                          Map<String, String> environment, Map<String, String> labels, Optional<CustomContainer> customContainer) {
        this(instanceId, functionName, image, codeDir, port, memoryMb, environment, labels, customContainer, List.of());
    }

    /** A launch of a built-in runtime (host network, loopback port). */
    public InstanceLaunch(String instanceId, String functionName, String image, Optional<Path> codeDir, int port, int memoryMb,
                          Map<String, String> environment, Map<String, String> labels) {
        this(instanceId, functionName, image, codeDir, port, memoryMb, environment, labels, Optional.empty(), List.of());
    }
}
