package io.localfaas.backend;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What to start: an image (or runtime) with the function code, environment and limits, listening on {@code port}.
 *
 * @param labels identify the owner platform, function and instance on everything the backend creates
 */
public record InstanceLaunch(
        String instanceId,
        String functionName,
        String image,
        Optional<Path> codeDir,
        int port,
        int memoryMb,
        Map<String, String> environment,
        Map<String, String> labels) {
    public InstanceLaunch {
        environment = Map.copyOf(environment);
        labels = Map.copyOf(labels);
    }
}
