package io.localfaas.loadtest;

import java.util.List;
import java.util.Locale;

/** Two reports side by side (before / after a change). Pure. */
public final class Compare {
    private Compare() {
    }

    /** One metric in both reports; {@code ratio} is b / a (NaN when a is 0). */
    public record Row(String metric, double a, double b, double ratio) {
    }

    public static List<Row> rows(Report a, Report b) {
        return List.of(
                row("requests", a.requests(), b.requests()),
                row("errors", a.errors(), b.errors()),
                row("throughput req/s", a.throughput(), b.throughput()),
                row("p50 ms", a.latencyMs().all().p50(), b.latencyMs().all().p50()),
                row("p90 ms", a.latencyMs().all().p90(), b.latencyMs().all().p90()),
                row("p95 ms", a.latencyMs().all().p95(), b.latencyMs().all().p95()),
                row("p99 ms", a.latencyMs().all().p99(), b.latencyMs().all().p99()),
                row("p99.9 ms", a.latencyMs().all().p999(), b.latencyMs().all().p999()),
                row("max ms", a.latencyMs().all().max(), b.latencyMs().all().max()),
                row("cold starts", a.coldStarts().count(), b.coldStarts().count()),
                row("cold p99 ms", a.latencyMs().cold().p99(), b.latencyMs().cold().p99()),
                row("warm p99 ms", a.latencyMs().warm().p99(), b.latencyMs().warm().p99()),
                row("queue wait p99 ms", a.queueWaitMs().p99(), b.queueWaitMs().p99()),
                row("instances seen", a.instancesSeen(), b.instancesSeen()),
                row("memory x time MB*s", a.memoryMbSeconds(), b.memoryMbSeconds()));
    }

    private static Row row(String metric, double a, double b) {
        return new Row(metric, a, b, a == 0 ? Double.NaN : Math.round(b / a * 1000) / 1000.0);
    }

    public static String text(String nameA, Report a, String nameB, Report b) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-20s %14s %14s %8s%n", "", "A", "B", "B/A"));
        out.append(String.format(Locale.ROOT, "A = %s (%s, %s loop %s)%nB = %s (%s, %s loop %s)%n", nameA, a.startedAt(), a.load().mode(),
                a.load().stages(), nameB, b.startedAt(), b.load().mode(), b.load().stages()));
        for (Row r : rows(a, b)) {
            out.append(String.format(Locale.ROOT, "%-20s %14.1f %14.1f %8s%n", r.metric(), r.a(), r.b(),
                    Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio())));
        }
        return out.toString();
    }
}
