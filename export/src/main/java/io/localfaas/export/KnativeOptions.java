package io.localfaas.export;

import io.localfaas.spec.FunctionSpec;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How to export.
 *
 * @param namespace                 the Kubernetes namespace of every Service
 * @param imageRef                  the image reference of a function (custom containers keep their own image)
 * @param targetUtilizationPercent  Knative's target utilisation of {@code containerConcurrency}; 100 scales as FC and
 *                                  localfaas do (ceil(in-flight / instanceConcurrency)), lower values keep headroom
 */
public record KnativeOptions(String namespace, Function<FunctionSpec, String> imageRef, int targetUtilizationPercent) {
    public static final String DEFAULT_NAMESPACE = "default";
    public static final int DEFAULT_TARGET_UTILIZATION = 100;
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public KnativeOptions {
        Objects.requireNonNull(imageRef, "imageRef");
        if (namespace == null || !DNS_1123_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace " + namespace
                    + ": must be a DNS-1123 label (lower-case letters, digits and -, 1-63 characters, starting and ending alphanumeric)");
        }
        if (targetUtilizationPercent < 1 || targetUtilizationPercent > 100) {
            throw new IllegalArgumentException("target utilisation " + targetUtilizationPercent + "%: must be 1-100");
        }
    }
}
