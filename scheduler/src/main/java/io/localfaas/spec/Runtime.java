package io.localfaas.spec;

import java.util.Arrays;
import java.util.Optional;

/** The runtimes localfaas runs. Each built-in one has a runtime image built from {@code runtime-images/<id>}. */
public enum Runtime {
    NODEJS18("nodejs18"),
    JAVA17("java17"),
    CUSTOM_CONTAINER("custom-container");

    private final String id;

    Runtime(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The runtime image of a built-in runtime, as {@code scripts/setup} tags it. */
    public String image() {
        return "localfaas/runtime-" + id + ":latest";
    }

    public static Optional<Runtime> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    public static String known() {
        return String.join(", ", Arrays.stream(values()).map(Runtime::id).toList());
    }
}
