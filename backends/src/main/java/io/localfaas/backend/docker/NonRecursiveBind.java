package io.localfaas.backend.docker;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;

/**
 * A bind mount that is not recursive (the engine's {@code BindOptions.NonRecursive}, API 1.40+, which docker-java's
 * model lacks): mounts found below the source on the host (a {@code /proc}, another project's bind) do not come
 * along into the instance.
 */
final class NonRecursiveBind extends BindOptions {
    private static final long serialVersionUID = 1L;

    @JsonProperty("NonRecursive")
    private final boolean nonRecursive = true;

    private NonRecursiveBind() {
    }

    boolean nonRecursive() {
        return nonRecursive;
    }

    /** A non-recursive bind of {@code source} on the host at {@code target} in the instance. */
    static Mount of(String source, String target, boolean readOnly) {
        return new Mount().withType(MountType.BIND).withSource(source).withTarget(target).withReadOnly(readOnly)
                .withBindOptions(new NonRecursiveBind());
    }
}
