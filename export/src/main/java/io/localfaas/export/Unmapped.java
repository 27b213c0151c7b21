package io.localfaas.export;

import java.util.Objects;

/**
 * A feature of the source configuration that the Knative manifests do not carry, and what to use there instead.
 *
 * @param function the function it belongs to, or {@code *} for the whole application
 * @param feature  what localfaas does (with its value)
 * @param instead  what to use on Knative
 */
public record Unmapped(String function, String feature, String instead) {
    public Unmapped {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(instead, "instead");
    }

    @Override
    public String toString() {
        return function + ": " + feature + " -> " + instead;
    }
}
