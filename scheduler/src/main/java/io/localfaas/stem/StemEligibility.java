package io.localfaas.stem;

import java.util.Optional;
import java.util.Set;

import io.localfaas.backend.InstanceLaunch;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;

/** Pure: whether a function (or one launch of it) may start from a stem cell, and why not. */
public final class StemEligibility {
    /** The runtimes whose bootstrap can be specialised (PROTOCOL.md §10). */
    static final Set<Runtime> RUNTIMES = Set.of(Runtime.NODEJS18, Runtime.PYTHON3, Runtime.JAVA17);

    private StemEligibility() {
    }

    /** Why no instance of {@code fn} starts from a stem cell; empty when they may. */
    public static Optional<String> offReason(FunctionSpec fn) {
        if (!fn.stemCells()) {
            return Optional.of("stemCells: false in its configuration (every instance boots)");
        }
        if (fn.runtime().servesItself()) {
            return Optional.of("the function's own server is the instance's process (custom runtime, custom container)");
        }
        if (!RUNTIMES.contains(fn.runtime())) {
            return Optional.of("the " + fn.runtime().id() + " runtime cannot be specialised yet");
        }
        if (fn.codeMode() != CodeMode.MOUNT || fn.image().isPresent()) {
            return Optional.of("its code is baked into an image of its own");
        }
        if (fn.codeUri().isEmpty()) {
            return Optional.of("it has no code folder");
        }
        if (!fn.mounts().isEmpty()) {
            return Optional.of("it mounts folders (layers, NAS), which a running container cannot gain");
        }
        return Optional.empty();
    }

    /**
     * Why this cold start of {@code fn} boots an instance rather than specialising a stem cell of {@code runtimeImages};
     * empty when it may specialise one: the function's reason first (its switch, its runtime, its code), then the
     * planned launch's.
     */
    public static Optional<String> offReason(FunctionSpec fn, InstanceLaunch launch, Set<String> runtimeImages) {
        return offReason(fn).or(() -> offReason(launch, runtimeImages));
    }

    /**
     * Why this planned launch does not start from a stem cell of {@code runtimeImages}; empty when it may: a runtime
     * image's launch with its code mounted, no other mount, in a network namespace of its own (not a debugger's start).
     */
    public static Optional<String> offReason(InstanceLaunch launch, Set<String> runtimeImages) {
        if (launch.customContainer().isPresent()) {
            return Optional.of("a custom container");
        }
        if (!runtimeImages.contains(launch.image())) {
            return Optional.of("no stem cells of " + launch.image());
        }
        if (launch.codeDir().isEmpty()) {
            return Optional.of("no code folder");
        }
        if (!launch.mounts().isEmpty()) {
            return Optional.of("mounts");
        }
        String node = launch.environment().getOrDefault("NODE_OPTIONS", "");
        String java = launch.environment().getOrDefault("JAVA_TOOL_OPTIONS", "");
        if (node.contains("--inspect") || java.contains("jdwp")) {
            return Optional.of("a debugger's start");
        }
        return Optional.empty();
    }
}
