package io.localfaas.backend;

import java.nio.file.Path;

/**
 * A host directory mounted into an instance: a bind mount for containers; for the process backend, which cannot
 * change what a path means, environment values that name {@code target} (or a path below it) are rewritten to
 * {@code source}.
 */
public record Mount(Path source, String target, boolean readOnly) {
}
