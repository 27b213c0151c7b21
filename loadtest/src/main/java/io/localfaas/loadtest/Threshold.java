package io.localfaas.loadtest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail rule on a report, as k6 users write them: {@code METRIC OP VALUE}, for example {@code p95<300ms},
 * {@code p99<1s}, {@code errors<1%}, {@code cold.p99<2s}, {@code throughput>500}. Parsing and evaluation are pure.
 *
 * <p>Metrics: latency {@code p50 p90 p95 p99 p99.9 max mean} of all requests, and the same after {@code cold.},
 * {@code warm.} or {@code queue.} (queue wait); k6's {@code p(95)} is read as {@code p95}. Latency values take
 * {@code ms} (the default), {@code s} or {@code m}. {@code errors} (also {@code rate}, k6's name) is the error rate:
 * {@code 1%} or {@code 0.01}. {@code throughput} in requests per second, {@code requests} and {@code cold} (cold
 * starts) as counts. Operators {@code < <= > >=}.
 *
 * @param expression the rule as the user wrote it
 */
public record Threshold(String expression, String metric, String op, double limit) {
    private static final Pattern FORM = Pattern.compile("\\s*([a-z0-9.()]+)\\s*(<=|>=|<|>)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|%)?\\s*");
    private static final Map<String, ToDoubleFunction<Report.Percentiles>> LATENCY = Map.of(
            "p50", Report.Percentiles::p50, "p90", Report.Percentiles::p90, "p95", Report.Percentiles::p95,
            "p99", Report.Percentiles::p99, "p99.9", Report.Percentiles::p999, "max", Report.Percentiles::max,
            "mean", Report.Percentiles::mean, "avg", Report.Percentiles::mean);
    private static final List<String> COUNTS = List.of("errors", "throughput", "requests", "cold");

    /** One threshold evaluated on a report: the measured value, in the threshold's unit, and whether it passed. */
    public record Verdict(String expression, double actual, String unit, boolean passed) {
        public String describe() {
            return String.format(Locale.ROOT, "%s %s (measured %s%s)", passed ? "passed" : "FAILED", expression,
                    Recorder.round(actual), unit);
        }
    }

    /** @throws IllegalArgumentException naming the expression and what is wrong with it */
    public static Threshold parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("threshold '" + text + "' must be METRIC OP VALUE, for example p95<300ms, errors<1%,"
                    + " cold.p99<2s, throughput>500");
        }
        String metric = m.group(1).replaceAll("p\\((\\d+(?:\\.\\d+)?)\\)", "p$1");
        String unit = m.group(4);
        double v = Double.parseDouble(m.group(3));
        String scope = scope(metric);
        if (LATENCY.containsKey(metric.substring(scope.isEmpty() ? 0 : scope.length() + 1))) {
            if ("%".equals(unit)) {
                throw new IllegalArgumentException("threshold '" + text + "': a latency takes ms, s or m, not %");
            }
            double factor = unit == null || "ms".equals(unit) ? 1 : "s".equals(unit) ? 1000 : 60_000;
            return new Threshold(text.trim(), metric, m.group(2), v * factor);
        }
        if ("rate".equals(metric) || "errors".equals(metric)) {
            if (unit != null && !"%".equals(unit)) {
                throw new IllegalArgumentException("threshold '" + text + "': the error rate takes % or a fraction, not " + unit);
            }
            double rate = "%".equals(unit) ? v / 100 : v;
            if (rate > 1) {
                throw new IllegalArgumentException("threshold '" + text + "': an error rate is at most 100% (write 1% or 0.01)");
            }
            return new Threshold(text.trim(), "errors", m.group(2), rate);
        }
        if (COUNTS.contains(metric)) {
            if (unit != null) {
                throw new IllegalArgumentException("threshold '" + text + "': " + metric + " is a plain number, without " + unit);
            }
            return new Threshold(text.trim(), metric, m.group(2), v);
        }
        throw new IllegalArgumentException("threshold '" + text + "': unknown metric " + metric + " (known: p50 p90 p95 p99 p99.9 max mean,"
                + " each also after cold. warm. queue.; errors, throughput, requests, cold)");
    }

    /** {@code cold}, {@code warm} or {@code queue} when the metric starts with one and a dot, else empty. */
    private static String scope(String metric) {
        int dot = metric.indexOf('.');
        String head = dot > 0 ? metric.substring(0, dot) : "";
        return List.of("cold", "warm", "queue").contains(head) ? head : "";
    }

    /** The measured value this threshold reads from {@code r} (milliseconds, a rate 0-1, req/s or a count). */
    public double measure(Report r) {
        String scope = scope(metric);
        String base = metric.substring(scope.isEmpty() ? 0 : scope.length() + 1);
        if (LATENCY.containsKey(base)) {
            Report.Percentiles p = switch (scope) {
                case "cold" -> r.latencyMs().cold();
                case "warm" -> r.latencyMs().warm();
                case "queue" -> r.queueWaitMs();
                default -> r.latencyMs().all();
            };
            return LATENCY.get(base).applyAsDouble(p);
        }
        return switch (metric) {
            case "errors" -> r.errorRate();
            case "throughput" -> r.throughput();
            case "requests" -> r.requests();
            default -> r.coldStarts().count();
        };
    }

    public Verdict evaluate(Report r) {
        double actual = measure(r);
        boolean ok = switch (op) {
            case "<" -> actual < limit;
            case "<=" -> actual <= limit;
            case ">" -> actual > limit;
            default -> actual >= limit;
        };
        boolean latency = !COUNTS.contains(metric);
        return new Verdict(expression, "errors".equals(metric) ? actual * 100 : actual, latency ? "ms" : "errors".equals(metric) ? "%" : "", ok);
    }

    /** Every threshold evaluated on {@code r}, in the order given. */
    public static List<Verdict> evaluate(List<Threshold> thresholds, Report r) {
        return thresholds.stream().map(t -> t.evaluate(r)).toList();
    }
}
