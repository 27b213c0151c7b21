package io.localfaas.backend;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.spec.CpuSize;

/**
 * What to start: an image (or runtime) with the function code, environment and limits, listening on {@code port}.
 *
 * @param labels          identify the owner platform, function and instance on everything the backend creates
 * @param customContainer present for a custom container: its own network namespace, its port published on loopback
 * @param mounts          host directories mounted into the instance (existing directories)
 * @param cpus            the vCPU the instance may use (the function's {@code cpu}, or derived from its memory: {@link CpuSize})
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
        List<Mount> mounts,
        double cpus) {
    public InstanceLaunch {
        environment = Map.copyOf(environment);
        labels = Map.copyOf(labels);
        mounts = List.copyOf(mounts);
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("cpus must be positive: " + cpus);
        }
    }

    /** A launch whose CPU is derived from its memory ({@link CpuSize#derived}). */
    public InstanceLaunch(String instanceId, String functionName, String image, Optional<Path> codeDir, int port, int memoryMb,
                          Map<String, String> environment, Map<String, String> labels, Optional<CustomContainer> customContainer,
                          List<Mount> mounts) {
        this(instanceId, functionName, image, codeDir, port, memoryMb, environment, labels, customContainer, mounts,
                CpuSize.derived(memoryMb));
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
