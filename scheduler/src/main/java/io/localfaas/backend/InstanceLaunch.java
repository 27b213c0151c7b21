package io.localfaas.backend;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What to start: an image (or runtime) with the function code, environment and limits, listening on {@code port}.
 *
 * @param labels          identify the owner platform, function and instance on everything the backend creates
 * @param customContainer present for a custom container: its own network namespace, its port published on loopback
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
        Optional<CustomContainer> customContainer) {
    public InstanceLaunch {
        environment = Map.copyOf(environment);
        labels = Map.copyOf(labels);
    }

    /** A launch of a built-in runtime (host network, loopback port). */
    public InstanceLaunch(String instanceId, String functionName, String image, Optional<Path> codeDir, int port, int memoryMb,
                          Map<String, String> environment, Map<String, String> labels) {
        this(instanceId, functionName, image, codeDir, port, memoryMb, environment, labels, Optional.empty());
    }
}
