package io.localfaas.backend;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds, lists and removes images. Every call is bounded in time and throws {@link BackendUnavailableException}
 * when the engine does not answer; a build the engine refuses throws {@link ImageBuildException}.
 */
public interface ImageBackend extends AutoCloseable {
    /** The image {@code reference} (tag or id) if the engine has it. */
    Optional<ImageInfo> inspect(String reference);

    /** Builds {@code build} and returns the new image. */
    ImageInfo build(ImageBuild build);

    /**
     * Builds the user's own {@code dockerfile} with {@code context} as the build context, tagged {@code tag}, each line of
     * the build's output passed to {@code output} as it comes (the base image may be pulled; RUN steps reach the network).
     *
     * @throws ImageBuildException when the build fails, with its last output
     */
    default ImageInfo buildDockerfile(Path context, Path dockerfile, String tag, Map<String, String> labels, java.time.Duration timeout,
                                      java.util.function.Consumer<String> output) {
        throw new ImageBuildException("this engine cannot build " + tag + " from " + dockerfile, null);
    }

    /** Every image carrying all of {@code labels}. */
    List<ImageInfo> list(Map<String, String> labels);

    /**
     * Removes the image unless a container (running or not) still uses it. Returns false when it is in use, true when
     * it was removed or did not exist.
     */
    boolean removeIfUnused(String reference);

    /** Writes the image as a tarball that {@code docker load} reads. */
    void save(String reference, Path tarball);

    /**
     * Pushes the image to the registry its reference names.
     *
     * @throws ImageBuildException when the registry refuses it or cannot be reached
     */
    void push(String reference);

    @Override
    void close();
}
