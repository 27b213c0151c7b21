package io.localfaas.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.localfaas.backend.ImageBackend;
import io.localfaas.backend.ImageBuild;
import io.localfaas.backend.ImageBuildException;
import io.localfaas.export.KnativeMapping;
import io.localfaas.images.CodeHash;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;

/**
 * The images {@code faas export knative} ships: each function's code baked into its runtime image (as the image cache's
 * function images are, through the same {@link ImageBackend#build}), with its settings and {@code FC_STANDALONE} in
 * the image's environment, so that {@code docker run -e PORT=8080 IMAGE} serves it with no platform (PROTOCOL.md §9).
 * Tagged {@code <registry>/<service>-<function>:<code hash>}: the same code gives the same tag.
 */
final class KnativeImages {
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    static final String KIND_LABEL = "io.localfaas.kind";
    static final String KIND = "knative-export";

    private final ImageBackend images;

    KnativeImages(ImageBackend images) {
        this.images = images;
    }

    /**
     * Builds {@code fn}'s standalone image and returns its reference; a custom container keeps its own image. The tag is
     * a hash of the code, the runtime image and the environment: the same inputs give the same tag.
     */
    String build(String registry, FunctionSpec fn) {
        if (fn.runtime() == Runtime.CUSTOM_CONTAINER) {
            return fn.image().orElseThrow();
        }
        String runtimeImage = fn.runtime().image();
        String runtimeId = images.inspect(runtimeImage).orElseThrow(() -> new ImageBuildException("the runtime image " + runtimeImage
                + " is missing: run scripts/setup to build it", null)).id();
        Map<String, String> env = KnativeMapping.runtimeEnvironment(fn);
        String hash = CodeHash.ofText(CodeHash.of(fn.codeUri().orElseThrow()), runtimeId, env.toString()).substring(0, 12);
        String ref = repository(registry, fn) + ":" + hash;
        images.build(new ImageBuild(runtimeImage, fn.codeUri().orElseThrow(), ref,
                Map.of(KIND_LABEL, KIND, "io.localfaas.function", fn.name(), "io.localfaas.service", fn.service()), BUILD_TIMEOUT, env));
        return ref;
    }

    /** {@code <registry>/<service>-<function>}, the repository of {@code fn}'s image. */
    static String repository(String registry, FunctionSpec fn) {
        String prefix = registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry;
        return prefix + "/" + KnativeMapping.kubernetesName(fn.service() + "-" + fn.name());
    }

    /** The reference a manifest names when no image is built ({@code --no-images}): the repository's {@code latest}. */
    static String unbuilt(String registry, FunctionSpec fn) {
        return fn.image().orElseGet(() -> repository(registry, fn) + ":latest");
    }

    void push(String reference) {
        images.push(reference);
    }

    /** Writes the image to {@code dir/<name>.tar} for {@code docker load}; returns the file. */
    Path save(String reference, Path dir) {
        String name = reference.substring(reference.lastIndexOf('/') + 1).replace(':', '-');
        Path file = dir.resolve(name + ".tar");
        images.save(reference, file);
        return file;
    }
}
