package io.localfaas.simulate;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which variant to recommend for one function: among those whose result meets the target, the cheapest in
 * memory-seconds; ties go to fewer cold starts, then the lower added p99, then the earlier variant (as written first).
 * Empty when none meets it. Pure.
 */
public final class Recommendation {
    private Recommendation() {
    }

    /** @param results each variant's result for the function, in the grid's order */
    public static Optional<Grid.Variant> choose(Map<Grid.Variant, FunctionResult> results, Target target) {
        List<Grid.Variant> order = List.copyOf(results.keySet());
        return order.stream()
                .filter(v -> target.meets(results.get(v)))
                .min(Comparator.comparingDouble((Grid.Variant v) -> results.get(v).memoryGbSeconds())
                        .thenComparingLong(v -> results.get(v).coldStarts())
                        .thenComparingDouble(v -> results.get(v).addedP99Ms())
                        .thenComparingInt(order::indexOf));
    }

    /** The YAML lines that set the variant on the function (nothing when it is the configuration as written). */
    public static String yaml(String function, Grid.Variant v) {
        StringBuilder b = new StringBuilder("functions:\n  ").append(function).append(":\n");
        v.settings().forEach((k, value) -> b.append("    ").append(k).append(": ").append(value).append('\n'));
        return b.toString();
    }
}
