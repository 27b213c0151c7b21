package io.localfaas.loadtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The rule {@code faas tune} recommends an instanceConcurrency by. Pure.
 * <p>
 * A run is acceptable when its error rate is at most {@code maxErrorRate} and its p99 latency is within
 * {@code tolerancePercent} of the best (lowest) p99 among runs with an acceptable error rate. Of the acceptable
 * runs, the one that used the fewest instances wins; ties go to the smaller memory x time, then the lower p99, then
 * the smaller instanceConcurrency. "Instances used" is the number of distinct instances that served the measured run.
 */
public final class TuneRule {
    private TuneRule() {
    }

    /** One measured run at one instanceConcurrency. */
    public record Run(int instanceConcurrency, Report report) {
        public int instancesUsed() {
            return report.instancesSeen();
        }

        public double p99() {
            return report.latencyMs().all().p99();
        }
    }

    /** One row of the decision table. */
    public record Row(int instanceConcurrency, double p99Ms, double throughput, int instancesUsed, double memoryMbSeconds,
                      double errorRate, boolean acceptable) {
    }

    /** The recommendation; {@code recommended} is -1 when no run had an acceptable error rate. */
    public record Decision(int recommended, String rule, double bestP99Ms, double limitP99Ms, List<Row> rows) {
        public String yaml() {
            return "instanceConcurrency: " + recommended;
        }
    }

    public static String describe(double tolerancePercent, double maxErrorRate) {
        return String.format(Locale.ROOT, "the fewest instances used among the values whose p99 is within %s%% of the best p99 "
                + "and whose error rate is at most %s%% (ties: less memory x time, lower p99, smaller value)",
                num(tolerancePercent), num(100 * maxErrorRate));
    }

    public static Decision recommend(List<Run> runs, double tolerancePercent, double maxErrorRate) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to choose from");
        }
        String rule = describe(tolerancePercent, maxErrorRate);
        double best = runs.stream().filter(r -> r.report().errorRate() <= maxErrorRate).mapToDouble(Run::p99).min().orElse(-1);
        double limit = best < 0 ? -1 : best * (1 + tolerancePercent / 100);
        List<Row> rows = new ArrayList<>();
        List<Run> ok = new ArrayList<>();
        for (Run r : runs) {
            boolean acceptable = best >= 0 && r.report().errorRate() <= maxErrorRate && r.p99() <= limit;
            if (acceptable) {
                ok.add(r);
            }
            rows.add(new Row(r.instanceConcurrency(), r.p99(), r.report().throughput(), r.instancesUsed(), r.report().memoryMbSeconds(),
                    r.report().errorRate(), acceptable));
        }
        int pick = ok.stream().min(Comparator.comparingInt(Run::instancesUsed)
                        .thenComparingDouble(r -> r.report().memoryMbSeconds() < 0 ? 0 : r.report().memoryMbSeconds())
                        .thenComparingDouble(Run::p99).thenComparingInt(Run::instanceConcurrency))
                .map(Run::instanceConcurrency).orElse(-1);
        return new Decision(pick, rule, best, limit, rows);
    }

    /**
     * Parses the values to try: a list ({@code 1,2,4,8}) or a range ({@code 1-8}, every value; {@code 1-64:x2}, doubling;
     * {@code 1-16:+4}, by 4). Each value 1-200, at most 20 values.
     */
    public static List<Integer> values(String spec) {
        List<Integer> out = new ArrayList<>();
        String s = spec.trim();
        try {
            if (s.contains("-")) {
                String[] rangeStep = s.split(":", 2);
                String[] ends = rangeStep[0].split("-", 2);
                int from = Integer.parseInt(ends[0].trim());
                int to = Integer.parseInt(ends[1].trim());
                String step = rangeStep.length > 1 ? rangeStep[1].trim() : "+1";
                boolean times = step.startsWith("x");
                int k = Integer.parseInt(step.substring(1));
                if (k < (times ? 2 : 1) || from > to || from < 1) {
                    throw new IllegalArgumentException("'" + spec + "' is not a range FROM-TO[:+STEP|:xFACTOR] with 1 <= FROM <= TO");
                }
                for (int v = from; v <= to && out.size() <= 20; v = times ? v * k : v + k) {
                    out.add(v);
                }
            } else {
                for (String p : s.split(",")) {
                    out.add(Integer.parseInt(p.trim()));
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("'" + spec + "' is not a list (1,2,4) or a range (1-8, 1-64:x2, 1-16:+4) of values");
        }
        if (out.size() > 20) {
            throw new IllegalArgumentException("'" + spec + "' gives more than 20 values");
        }
        for (int v : out) {
            if (v < 1 || v > 200) {
                throw new IllegalArgumentException("instanceConcurrency must be 1-200, not " + v);
            }
        }
        if (out.stream().distinct().count() != out.size()) {
            throw new IllegalArgumentException("'" + spec + "' has a value twice");
        }
        return List.copyOf(out);
    }

    public static String text(Decision d) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-20s %10s %10s %10s %14s %8s %s%n", "instanceConcurrency", "p99 ms", "req/s", "instances",
                "memory MB*s", "errors", ""));
        for (Row r : d.rows()) {
            b.append(String.format(Locale.ROOT, "%-20d %10.1f %10.1f %10d %14s %7.2f%% %s%n", r.instanceConcurrency(), r.p99Ms(),
                    r.throughput(), r.instancesUsed(), r.memoryMbSeconds() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.memoryMbSeconds()),
                    100 * r.errorRate(), (r.acceptable() ? "within limit" : "") + (r.instanceConcurrency() == d.recommended() ? "  <- recommended" : "")));
        }
        b.append("rule: ").append(d.rule()).append(System.lineSeparator());
        if (d.recommended() < 0) {
            b.append("no value had an acceptable error rate: no recommendation").append(System.lineSeparator());
        } else {
            b.append(String.format(Locale.ROOT, "best p99 %.1f ms, limit %.1f ms%n", d.bestP99Ms(), d.limitP99Ms()));
            b.append("paste into the function's YAML:").append(System.lineSeparator()).append("    ").append(d.yaml()).append(System.lineSeparator());
        }
        return b.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
