package io.localfaas.simulate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.localfaas.loadtest.trace.Trace;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.PlatformSpec;

/**
 * Runs one {@link Simulation} per variant of the grid (the same trace, durations and seed for each) and collects, per
 * function, each variant's result and the recommended variant.
 */
public final class Simulator {
    /** Per function: each variant's result (a variant that does not apply to the function is absent), and the choice. */
    public record Outcome(Map<String, Map<Grid.Variant, FunctionResult>> byFunction, Map<String, Optional<Grid.Variant>> recommended,
                          Target target, double seconds) {
    }

    private Simulator() {
    }

    /** One row of the JSON form: a function under one setting, and whether that setting is the one recommended. */
    public record Row(String function, String setting, java.util.Map<String, String> settings, FunctionResult result, boolean recommended) {
    }

    /** Every function under every setting, as rows (the JSON form). */
    public static List<Row> rows(Outcome o) {
        List<Row> out = new java.util.ArrayList<>();
        o.byFunction().forEach((fn, results) -> results.forEach((v, r) -> out.add(new Row(fn, v.label(), v.settings(), r,
                o.recommended().get(fn).map(v::equals).orElse(false)))));
        return out;
    }

    /**
     * @param functions the configuration's functions that the trace maps to, by name
     */
    public static Outcome run(Map<String, FunctionSpec> functions, PlatformSpec platform, Trace trace, Map<String, String> mapping, double speed,
                              DurationDistribution start, DurationDistribution call, long seed, List<Grid.Variant> variants, Target target) {
        return run(functions, platform, trace, mapping, speed, start, Map.of(), call, seed, variants, target);
    }

    /**
     * @param startsMs per function, measured start durations its starts take in turn instead of draws from {@code start}
     *                 ({@link Simulation.Inputs#startsMs})
     */
    public static Outcome run(Map<String, FunctionSpec> functions, PlatformSpec platform, Trace trace, Map<String, String> mapping, double speed,
                              DurationDistribution start, Map<String, List<Double>> startsMs, DurationDistribution call, long seed,
                              List<Grid.Variant> variants, Target target) {
        long t0 = System.nanoTime();
        Map<String, Map<Grid.Variant, FunctionResult>> by = new LinkedHashMap<>();
        functions.keySet().forEach(f -> by.put(f, new LinkedHashMap<>()));
        for (Grid.Variant v : variants) {
            Map<String, FunctionSpec> applied = new LinkedHashMap<>();
            functions.forEach((name, spec) -> v.apply(spec).ifPresent(s -> applied.put(name, s)));
            if (applied.isEmpty()) {
                continue;
            }
            Map<String, FunctionResult> r = new Simulation(new Simulation.Inputs(applied, platform, trace, mapping, speed, start, call, seed, startsMs)).run();
            r.forEach((name, result) -> by.get(name).put(v, result));
        }
        Map<String, Optional<Grid.Variant>> rec = new LinkedHashMap<>();
        by.forEach((name, results) -> rec.put(name, Recommendation.choose(results, target)));
        return new Outcome(by, rec, target, (System.nanoTime() - t0) / 1e9);
    }

    /** The text report: a table per function (one row per variant), then the recommendations and their YAML. */
    public static String text(Outcome o) {
        StringBuilder b = new StringBuilder();
        o.byFunction().forEach((fn, results) -> {
            b.append(fn).append(System.lineSeparator());
            b.append(String.format(Locale.ROOT, "  %-44s %8s %7s %7s %9s %9s %10s %10s %5s %9s%n", "setting", "requests", "cold", "cold%",
                    "p50 ms", "p99 ms", "inst*s", "GB*s", "peak", "throttled"));
            Optional<Grid.Variant> chosen = o.recommended().get(fn);
            results.forEach((v, r) -> b.append(String.format(Locale.ROOT, "%s %-44s %8d %7d %7.2f %9.1f %9.1f %10.1f %10.1f %5d %9d%n",
                    chosen.isPresent() && chosen.get().equals(v) ? " *" : "  ", v.label(), r.requests(), r.coldStarts(), r.coldPercent(),
                    r.addedP50Ms(), r.addedP99Ms(), r.instanceSeconds(), r.memoryGbSeconds(), r.peakInstances(), r.throttled())));
        });
        b.append(System.lineSeparator()).append("recommended (the cheapest in GB*s meeting ").append(o.target().expression()).append("):")
                .append(System.lineSeparator());
        o.recommended().forEach((fn, v) -> {
            if (v.isEmpty()) {
                b.append("  ").append(fn).append(": no setting tried meets ").append(o.target().expression()).append(System.lineSeparator());
            } else if (v.get().settings().isEmpty()) {
                b.append("  ").append(fn).append(": as written").append(System.lineSeparator());
            } else {
                b.append("  ").append(fn).append(": ").append(v.get().label()).append(System.lineSeparator());
            }
        });
        StringBuilder yaml = new StringBuilder();
        o.recommended().forEach((fn, v) -> v.filter(x -> !x.settings().isEmpty()).ifPresent(x -> yaml.append(Recommendation.yaml(fn, x)
                .replaceFirst("^functions:\n", ""))));
        if (yaml.length() > 0) {
            b.append(System.lineSeparator()).append("functions:").append(System.lineSeparator()).append(yaml);
        }
        b.append(String.format(Locale.ROOT, "%nsimulated in %.1f s%n", o.seconds()));
        return b.toString();
    }
}
