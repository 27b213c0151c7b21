package io.localfaas.spec;

import java.util.Arrays;
import java.util.Optional;

/** The runtimes localfaas runs. Each built-in one has a runtime image built from {@code runtime-images/<id>}. */
public enum Runtime {
    NODEJS18("nodejs18"),
    JAVA17("java17"),
    PYTHON3("python3"),
    /** FC's custom runtime (a web function): the function's own server, started from its code folder in our custom image. */
    CUSTOM("custom"),
    CUSTOM_CONTAINER("custom-container");

    private final String id;

    Runtime(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * The tag of the runtime images, {@code latest} unless {@code LOCALFAAS_IMAGE_TAG} says otherwise ({@code scripts/setup}
     * reads the same variable): lets two checkouts with different runtime sources share one engine without rebuilding
     * each other's images.
     */
    public static final String IMAGE_TAG = imageTag(System.getenv("LOCALFAAS_IMAGE_TAG"));

    static String imageTag(String env) {
        return env == null || env.isBlank() ? "latest" : env.strip();
    }

    /** The runtime image of a built-in runtime, as {@code scripts/setup} tags it. */
    public String image() {
        return "localfaas/runtime-" + id + ":" + IMAGE_TAG;
    }

    /**
     * Whether an instance runs the function's own server on {@code caPort} (FC's custom runtime and custom container), in a
     * network namespace of its own with that port published on loopback, rather than one of our runtimes' bootstraps.
     */
    public boolean servesItself() {
        return this == CUSTOM || this == CUSTOM_CONTAINER;
    }

    public static Optional<Runtime> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    /**
     * An older Function Compute runtime id that runs on one of ours: {@code nodejs4.4} to {@code nodejs16} and
     * {@code nodejs20} on nodejs18, {@code java8} and {@code java11} on java17, {@code python3.6} (FC 3 templates offer it),
     * {@code python3.9}, {@code python3.10} and {@code python3.12} on python3 (Debian bookworm's Python 3.11),
     * {@code custom.debian10/11/12} on custom (Debian 12).
     */
    public static Optional<Runtime> nearest(String fcId) {
        return Optional.ofNullable(switch (fcId) {
            case "nodejs4.4", "nodejs6", "nodejs8", "nodejs10", "nodejs12", "nodejs14", "nodejs16", "nodejs20" -> NODEJS18;
            case "java8", "java11" -> JAVA17;
            case "python3.6", "python3.9", "python3.10", "python3.12" -> PYTHON3;
            case "custom.debian10", "custom.debian11", "custom.debian12" -> CUSTOM;
            default -> null;
        });
    }

    /** Function Compute runtime ids that localfaas cannot run (no runtime image for them). */
    public static final java.util.Set<String> FC_UNSUPPORTED = java.util.Set.of("python2.7", "php7.2", "go1", "dotnetcore2.1",
            "dotnetcore3.1");

    public static String known() {
        return String.join(", ", Arrays.stream(values()).map(Runtime::id).toList());
    }
}
