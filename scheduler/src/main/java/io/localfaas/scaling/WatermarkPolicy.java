package io.localfaas.scaling;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

import io.localfaas.spec.ScalingSpec;

/**
 * The marks of one function, as fractions: {@code cpu} of the CPU share, {@code memory} of the limit, and
 * {@code connections} in requests per instance; each absent mark is not watched.
 *
 * @param tolerance a ratio within this distance of 1 changes nothing (HPA's default is 0.1)
 */
public record WatermarkPolicy(OptionalDouble cpu, OptionalDouble memory, OptionalDouble connections, Duration window, double tolerance) {
    public static final double DEFAULT_TOLERANCE = 0.1;

    public WatermarkPolicy {
        Objects.requireNonNull(window, "window");
        if (cpu.orElse(1) <= 0 || memory.orElse(1) <= 0 || connections.orElse(1) <= 0 || tolerance < 0 || window.isNegative()) {
            throw new IllegalArgumentException("marks must be positive: " + cpu + "/" + memory + "/" + connections);
        }
    }

    public static WatermarkPolicy of(ScalingSpec spec) {
        ScalingSpec.Watermarks w = spec.watermarks();
        return new WatermarkPolicy(percent(w.cpuPercent()), percent(w.memoryPercent()),
                w.connections().isPresent() ? OptionalDouble.of(w.connections().getAsInt()) : OptionalDouble.empty(),
                spec.window(), DEFAULT_TOLERANCE);
    }

    private static OptionalDouble percent(java.util.OptionalInt p) {
        return p.isPresent() ? OptionalDouble.of(p.getAsInt() / 100.0) : OptionalDouble.empty();
    }
}
