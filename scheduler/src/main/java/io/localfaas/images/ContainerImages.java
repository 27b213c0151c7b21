package io.localfaas.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.localfaas.backend.ImageBackend;
import io.localfaas.backend.ImageBuildException;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image of a custom-container function when the engine does not have it: built from the project's own Dockerfile
 * ({@link #dockerfileOf}), its output shown line by line; without a Dockerfile, an error that says how to get the image
 * ({@code docker build -t IMAGE DIR} or {@code docker pull IMAGE}). One build per image at a time.
 */
public final class ContainerImages {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerImages.class);
    /** Labels the images built here (never removed by the platform: they are the user's). */
    public static final String BUILT_FROM = "io.localfaas.built-from";

    private final ImageBackend images;
    private final Duration buildTimeout;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public ContainerImages(ImageBackend images, Duration buildTimeout) {
        this.images = images;
        this.buildTimeout = buildTimeout;
    }

    /**
     * Where a custom container's Dockerfile is: the function's {@code codeUri} when it names a file (a Dockerfile of any
     * name, its folder the build context), else {@code Dockerfile} inside the {@code codeUri} folder. Empty for other
     * runtimes and when there is none.
     */
    public static Optional<Path> dockerfileOf(FunctionSpec fn) {
        if (fn.runtime() != Runtime.CUSTOM_CONTAINER || fn.codeUri().isEmpty()) {
            return Optional.empty();
        }
        Path code = fn.codeUri().get();
        Path dockerfile = Files.isDirectory(code) ? code.resolve("Dockerfile") : code;
        return Files.isRegularFile(dockerfile) ? Optional.of(dockerfile) : Optional.empty();
    }

    /** What a user does to get a missing image: build it from a folder with a Dockerfile, or pull it. */
    public static String howToGet(FunctionSpec fn) {
        String image = fn.instanceImage();
        String dir = fn.codeUri().map(p -> Files.isDirectory(p) ? p : p.getParent()).map(Path::toString).orElse("DIR");
        return "the engine has no image " + image + " and function " + fn.name() + " has no Dockerfile"
                + fn.codeUri().map(p -> " in its codeUri (" + p + ")").orElse(" (no codeUri naming a folder with one)")
                + ": build it with `docker build -t " + image + " " + dir + "` or pull it with `docker pull " + image + "`";
    }

    /**
     * Makes sure the engine has {@code fn}'s image: builds it from its Dockerfile when missing.
     *
     * @throws ImageBuildException when the image is missing and there is no Dockerfile, or the build fails
     */
    public void ensure(FunctionSpec fn) {
        String image = fn.instanceImage();
        synchronized (locks.computeIfAbsent(image, k -> new Object())) {
            if (images.inspect(image).isPresent()) {
                return;
            }
            Path dockerfile = dockerfileOf(fn).orElseThrow(() -> new ImageBuildException(howToGet(fn), null));
            LOG.info("function {}: building its image {} from {} (the engine does not have it)", fn.name(), image, dockerfile);
            long t0 = System.nanoTime();
            images.buildDockerfile(dockerfile.getParent(), dockerfile, image, Map.of(BUILT_FROM, dockerfile.toString()), buildTimeout,
                    line -> LOG.info("build {}: {}", fn.name(), line));
            LOG.info("function {}: built {} in {} ms", fn.name(), image, (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
