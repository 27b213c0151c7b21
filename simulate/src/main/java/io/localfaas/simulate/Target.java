package io.localfaas.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a recommended setting must meet: {@code cold<1%} (cold starts in percent of requests), {@code p99<200ms}
 * (added latency), {@code throttled<=0}; several joined by commas, all must hold. Pure.
 */
public record Target(String expression, List<Rule> rules) {
    private static final Pattern RULE = Pattern.compile("\\s*(cold|p50|p99|throttled)\\s*(<=|<)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(%|ms|s)?\\s*");

    public record Rule(String metric, boolean orEqual, double limit) {
        boolean holds(FunctionResult r) {
            double v = switch (metric) {
                case "cold" -> r.coldPercent();
                case "p50" -> r.addedP50Ms();
                case "p99" -> r.addedP99Ms();
                default -> r.throttled();
            };
            return orEqual ? v <= limit : v < limit;
        }
    }

    public static Target parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher m = RULE.matcher(part.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("--target '" + part.trim() + "' must be cold<N%, p50<Nms, p99<Nms or throttled<=N");
            }
            String metric = m.group(1);
            String unit = m.group(4);
            double v = Double.parseDouble(m.group(3));
            boolean latency = metric.startsWith("p");
            if (metric.equals("cold") && !"%".equals(unit) || latency && "%".equals(unit) || metric.equals("throttled") && unit != null) {
                throw new IllegalArgumentException("--target '" + part.trim() + "': cold takes %, p50/p99 take ms or s, throttled a count");
            }
            rules.add(new Rule(metric, m.group(2).equals("<="), latency && "s".equals(unit) ? v * 1000 : v));
        }
        return new Target(text.trim(), List.copyOf(rules));
    }

    public boolean meets(FunctionResult r) {
        return rules.stream().allMatch(rule -> rule.holds(r));
    }
}
