package io.localfaas.scaling;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the watermark policy remembers between decisions: when it began watching, and its recommendations over the
 * last window (so that it scales in only once every one of them was below the running count). Immutable.
 */
public record WatermarkState(Instant since, List<Recommendation> recent) {
    public record Recommendation(Instant at, int instances) {
    }

    public WatermarkState {
        Objects.requireNonNull(since, "since");
        recent = List.copyOf(recent);
    }

    /** A function begins to be watched at {@code now}: no scale-in before a whole window has passed. */
    public static WatermarkState watchingSince(Instant now) {
        return new WatermarkState(now, List.of());
    }
}
