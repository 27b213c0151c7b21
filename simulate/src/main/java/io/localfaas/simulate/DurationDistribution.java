package io.localfaas.simulate;

import java.time.Duration;
import java.util.Random;

import io.localfaas.loadtest.Report;

/**
 * A duration drawn from measured percentiles: the inverse of a distribution through (0, p50), (0.5, p50), (0.9, p90),
 * (0.95, p95), (0.99, p99), (0.999, p99.9), (1, max), linear in between (the lower half, with no figure below the
 * median, is the median). A fixed duration is the degenerate case. Draws come from the given {@link Random}: the same
 * seed, the same draws.
 */
public record DurationDistribution(double p50, double p90, double p95, double p99, double p999, double max) {
    private static final double[] Q = {0, 0.5, 0.9, 0.95, 0.99, 0.999, 1};

    public DurationDistribution {
        double[] v = {p50, p90, p95, p99, p999, max};
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0) || (i > 0 && v[i] < v[i - 1])) {
                throw new IllegalArgumentException("percentiles must be non-negative and ascending: " + java.util.Arrays.toString(v));
            }
        }
    }

    public static DurationDistribution fixed(Duration d) {
        double ms = d.toNanos() / 1e6;
        return new DurationDistribution(ms, ms, ms, ms, ms, ms);
    }

    /** From a report's percentiles (ms); a report written before p95 existed has 0 there: p95 is then read between p90 and p99. */
    public static DurationDistribution of(Report.Percentiles p) {
        if (p.count() == 0) {
            throw new IllegalArgumentException("the report has no such requests to take durations from");
        }
        double p95 = p.p95() >= p.p90() && p.p95() <= p.p99() ? p.p95() : (p.p90() + p.p99()) / 2;
        return new DurationDistribution(p.p50(), p.p90(), p95, p.p99(), Math.max(p.p99(), p.p999()), Math.max(p.p999(), Math.max(p.p99(), p.max())));
    }

    /** The duration at quantile u (0-1), in nanoseconds. */
    long at(double u) {
        double[] v = {p50, p50, p90, p95, p99, p999, max};
        for (int i = 1; i < Q.length; i++) {
            if (u <= Q[i]) {
                double f = (u - Q[i - 1]) / (Q[i] - Q[i - 1]);
                return Math.round((v[i - 1] + f * (v[i] - v[i - 1])) * 1e6);
            }
        }
        return Math.round(max * 1e6);
    }

    long draw(Random r) {
        return at(r.nextDouble());
    }
}
