package io.localfaas.images;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.localfaas.backend.Labels;
import io.localfaas.spec.CodeMode;

/**
 * What identifies a function image: the runtime image's id (not its tag: a rebuilt runtime is a new key), the code's
 * content hash and the code mode. Its tag and labels are derived from it, so the key can be read back from an image.
 */
public record ImageKey(String runtimeImageId, String codeHash, CodeMode mode) {
    public static final String REPOSITORY = "localfaas/function";
    public static final String KIND = "io.localfaas.kind";
    public static final String KIND_VALUE = "function-image";
    public static final String RUNTIME_IMAGE_ID = "io.localfaas.runtime-image-id";
    public static final String CODE_HASH = "io.localfaas.code-hash";
    public static final String CODE_MODE = "io.localfaas.code-mode";

    public ImageKey {
        Objects.requireNonNull(runtimeImageId, "runtimeImageId");
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(mode, "mode");
    }

    /** {@code localfaas/function:<first 20 hex of sha256(runtime image id, code hash, mode)>}. */
    public String tag() {
        return REPOSITORY + ":" + CodeHash.ofText(runtimeImageId, codeHash, mode.name()).substring(0, 20);
    }

    /** The labels an image of this key carries (plus the owner label every localfaas object carries). */
    public Map<String, String> labels() {
        return Map.of(Labels.OWNER, Labels.OWNER_VALUE, KIND, KIND_VALUE, RUNTIME_IMAGE_ID, runtimeImageId, CODE_HASH, codeHash,
                CODE_MODE, mode.name());
    }

    /** The key an image's labels describe; empty when they do not describe one. */
    public static Optional<ImageKey> fromLabels(Map<String, String> labels) {
        if (!KIND_VALUE.equals(labels.get(KIND))) {
            return Optional.empty();
        }
        String runtime = labels.get(RUNTIME_IMAGE_ID);
        String code = labels.get(CODE_HASH);
        String mode = labels.get(CODE_MODE);
        if (runtime == null || code == null || mode == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ImageKey(runtime, code, CodeMode.valueOf(mode)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
