package io.localfaas.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A staged load profile: a list of stages, each holding a level (clients in the closed loop, requests per second in
 * the open loop) or ramping it linearly, for example {@code 10s:0-64,30s:64,10s:64-0}. Pure.
 */
public record Stages(List<Stage> stages) {
    /** Upper bound of a level (clients or requests per second). */
    public static final double MAX_LEVEL = 100_000;

    /** One stage: {@code duration} long, going linearly from level {@code from} to level {@code to}. */
    public record Stage(Duration duration, double from, double to) {
        public Stage {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("a stage must last longer than 0 s");
            }
            if (from < 0 || to < 0 || from > MAX_LEVEL || to > MAX_LEVEL || Double.isNaN(from) || Double.isNaN(to)) {
                throw new IllegalArgumentException("a stage's level must be 0-" + (long) MAX_LEVEL + ", not " + from + "-" + to);
            }
        }

        double seconds() {
            return duration.toNanos() / 1e9;
        }

        /** Requests sent during the whole stage in the open loop (the integral of the rate). */
        double area() {
            return (from + to) / 2 * seconds();
        }
    }

    public Stages {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a profile needs at least one stage");
        }
    }

    /** One stage holding {@code level} for {@code duration}. */
    public static Stages constant(Duration duration, double level) {
        return new Stages(List.of(new Stage(duration, level, level)));
    }

    /**
     * Parses {@code DURATION:LEVEL} (hold) and {@code DURATION:FROM-TO} (ramp) stages, separated by commas.
     *
     * @throws IllegalArgumentException naming the stage that is not valid
     */
    public static Stages parse(String spec) {
        List<Stage> out = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String p = part.trim();
            int colon = p.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("stage '" + p + "' must be DURATION:LEVEL or DURATION:FROM-TO (example: 10s:0-64)");
            }
            Duration d = Durations.parse(p.substring(0, colon));
            String levels = p.substring(colon + 1);
            int dash = levels.indexOf('-');
            try {
                double from = Double.parseDouble(dash < 0 ? levels : levels.substring(0, dash));
                double to = dash < 0 ? from : Double.parseDouble(levels.substring(dash + 1));
                out.add(new Stage(d, from, to));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("stage '" + p + "': '" + levels + "' is not LEVEL or FROM-TO");
            }
        }
        return new Stages(out);
    }

    public Duration total() {
        return stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
    }

    public double maxLevel() {
        return stages.stream().mapToDouble(s -> Math.max(s.from, s.to)).max().orElse(0);
    }

    /** The level at {@code elapsedNanos} after the start; 0 after the last stage. */
    public double level(long elapsedNanos) {
        long start = 0;
        for (Stage s : stages) {
            long end = start + s.duration.toNanos();
            if (elapsedNanos < end) {
                double f = (double) Math.max(0, elapsedNanos - start) / s.duration.toNanos();
                return s.from + (s.to - s.from) * f;
            }
            start = end;
        }
        return 0;
    }

    /**
     * Open loop: the intended send time of request {@code k} (0, 1, 2, ...), in nanoseconds after the start, such that
     * the number of requests intended before time t is the integral of the rate up to t (wrk2's schedule, with ramps);
     * -1 when the profile ends before it.
     */
    public long sendTimeNanos(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0");
        }
        double before = 0;
        long startNanos = 0;
        for (Stage s : stages) {
            double area = s.area();
            if (k < before + area) {
                double n = k - before;
                if (n <= 0) {
                    return startNanos;
                }
                double a = s.from;
                double c2 = (s.to - s.from) / (2 * s.seconds());
                // Solve c2 t^2 + a t - n = 0 for the first t >= 0, in a form that is stable when c2 is 0 or negative.
                double t = 2 * n / (a + Math.sqrt(Math.max(0, a * a + 4 * c2 * n)));
                return startNanos + Math.min(s.duration.toNanos() - 1, Math.round(t * 1e9));
            }
            before += area;
            startNanos += s.duration.toNanos();
        }
        return -1;
    }

    @Override
    public String toString() {
        return stages.stream().map(s -> Durations.format(s.duration) + ":" + num(s.from) + (s.from == s.to ? "" : "-" + num(s.to)))
                .collect(Collectors.joining(","));
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
