package io.localfaas.spec;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a function's instance count follows its load: {@code concurrency}, FC's rule (instances = ceil(in-flight /
 * instanceConcurrency)), or {@code watermark}, the container way: scale out when an instance's CPU, memory or
 * in-flight requests rise past a mark drawn on them, scale in once every metric stayed under for {@code window}.
 * {@code instanceConcurrency} stays the hard cap of requests on one instance under both policies.
 *
 * @param watermarks marks of the watermark policy (ignored, with a warning, under {@code concurrency})
 * @param window     how long every metric must stay under its mark before instances are retired (watermark policy)
 * @param keepAlive  how long idle instances stay: {@code fixed}, {@code idleTimeout} after their last request; or
 *                   {@code histogram}, from the function's own idle times (pre-warm and keep-alive windows, as in
 *                   "Serverless in the Wild"), {@code idleTimeout} while it has too few of them
 */
public record ScalingSpec(Policy policy, Watermarks watermarks, Duration window, KeepAlive keepAlive) {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
    /** FC's rule, what a function without a {@code scaling:} block gets. */
    public static final ScalingSpec CONCURRENCY = new ScalingSpec(Policy.CONCURRENCY, Watermarks.NONE, DEFAULT_WINDOW);
    /** minInstances of a watermark function that writes none: the container way keeps one instance online. */
    public static final int WATERMARK_DEFAULT_MIN_INSTANCES = 1;

    /** How long idle instances stay (see the record). */
    public enum KeepAlive {
        FIXED, HISTOGRAM;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** With a fixed keep-alive ({@code idleTimeout}). */
    public ScalingSpec(Policy policy, Watermarks watermarks, Duration window) {
        this(policy, watermarks, window, KeepAlive.FIXED);
    }

    /** This scaling with another keep-alive. */
    public ScalingSpec withKeepAlive(KeepAlive k) {
        return new ScalingSpec(policy, watermarks, window, k);
    }

    public enum Policy {
        CONCURRENCY, WATERMARK;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Marks per instance; each absent mark is not watched.
     *
     * @param cpuPercent    CPU used, in percent of the instance's CPU share (1-1000: a share is a fraction of a core)
     * @param memoryPercent memory working set, in percent of the instance's memory limit (1-100)
     * @param connections   requests in flight on one instance (1 to instanceConcurrency)
     */
    public record Watermarks(OptionalInt cpuPercent, OptionalInt memoryPercent, OptionalInt connections) {
        public static final Watermarks NONE = new Watermarks(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

        public Watermarks {
            Objects.requireNonNull(cpuPercent, "cpuPercent");
            Objects.requireNonNull(memoryPercent, "memoryPercent");
            Objects.requireNonNull(connections, "connections");
            SpecViolation.Checks c = new SpecViolation.Checks();
            cpuPercent.ifPresent(v -> c.require(v >= 1 && v <= 1000, "watermarks.cpu", v + "%", "must be 1%-1000% of the instance's CPU share"));
            memoryPercent.ifPresent(v -> c.require(v >= 1 && v <= 100, "watermarks.memory", v + "%", "must be 1%-100% of memorySize"));
            connections.ifPresent(v -> c.require(v >= 1, "watermarks.connections", v, "must be >= 1"));
            c.throwIfAny();
        }

        public boolean isEmpty() {
            return cpuPercent.isEmpty() && memoryPercent.isEmpty() && connections.isEmpty();
        }
    }

    public ScalingSpec {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(watermarks, "watermarks");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(keepAlive, "keepAlive");
        SpecViolation.Checks c = new SpecViolation.Checks();
        c.require(window.compareTo(Duration.ofSeconds(1)) >= 0 && window.compareTo(Duration.ofHours(1)) <= 0, "window",
                Durations.format(window), "must be 1s-1h");
        c.require(policy != Policy.WATERMARK || !watermarks.isEmpty(), "watermarks", "(none)",
                "policy watermark needs at least one of cpu, memory, connections, for example {cpu: 70%}");
        c.throwIfAny();
    }

    /** {@code 70%} or {@code 70}: a whole number of percent. */
    static int percent(String text) {
        String t = text.trim();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new SpecViolation("", text, "must be a whole percentage such as 70%");
        }
    }
}
