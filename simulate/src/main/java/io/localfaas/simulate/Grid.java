package io.localfaas.simulate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.ScalingSpec;

/**
 * The settings {@code --vary} tries: {@code minInstances=0,1,2 idleTimeout=1m,5m,10m instanceConcurrency=1,4,16}
 * (also {@code maxInstances} and {@code keepAlive=fixed,histogram}), every combination of them ("as written" first: the empty variant). Pure.
 */
public final class Grid {
    static final List<String> KEYS = List.of("minInstances", "maxInstances", "idleTimeout", "instanceConcurrency", "keepAlive");
    static final int MAX_VARIANTS = 500;

    private Grid() {
    }

    /** One combination: key to value as written; empty = the configuration as written. */
    public record Variant(Map<String, String> settings) {
        public Variant {
            settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }

        public static final Variant AS_WRITTEN = new Variant(Map.of());

        public String label() {
            if (settings.isEmpty()) {
                return "as written";
            }
            StringBuilder b = new StringBuilder();
            settings.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
            return b.toString();
        }

        /**
         * {@code fn} with this variant's settings; empty when they contradict its others (minInstances above
         * maxInstances).
         */
        public java.util.Optional<FunctionSpec> apply(FunctionSpec fn) {
            int min = fn.minInstances();
            int max = fn.maxInstances();
            Duration idle = fn.idleTimeout();
            int concurrency = fn.instanceConcurrency();
            ScalingSpec scaling = fn.scaling();
            for (Map.Entry<String, String> e : settings.entrySet()) {
                switch (e.getKey()) {
                    case "minInstances" -> min = Integer.parseInt(e.getValue());
                    case "maxInstances" -> max = Integer.parseInt(e.getValue());
                    case "idleTimeout" -> idle = io.localfaas.loadtest.Durations.parse(e.getValue());
                    case "keepAlive" -> scaling = scaling.withKeepAlive(ScalingSpec.KeepAlive.valueOf(e.getValue().toUpperCase(java.util.Locale.ROOT)));
                    default -> concurrency = Integer.parseInt(e.getValue());
                }
            }
            if (min > max) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(fn.withLimits(min, max, fn.timeout(), fn.initializationTimeout(), idle).withInstanceConcurrency(concurrency)
                    .withScaling(scaling));
        }
    }

    /** The variants of {@code --vary} arguments (each {@code KEY=V1,V2,...}, or several such separated by spaces). */
    public static List<Variant> parse(List<String> args) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String arg : args) {
            for (String part : arg.trim().split("\\s+")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0 || eq == part.length() - 1) {
                    throw new IllegalArgumentException("--vary takes KEY=V1,V2,..., not " + part);
                }
                String key = part.substring(0, eq);
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("--vary: unknown setting " + key + " (known: " + String.join(", ", KEYS) + ")");
                }
                List<String> values = List.of(part.substring(eq + 1).split(","));
                for (String v : values) {
                    check(key, v);
                }
                if (axes.put(key, values) != null) {
                    throw new IllegalArgumentException("--vary: " + key + " is given twice");
                }
            }
        }
        List<Variant> out = new ArrayList<>();
        out.add(Variant.AS_WRITTEN);
        if (axes.isEmpty()) {
            return out;
        }
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
            if (combos.size() > MAX_VARIANTS) {
                throw new IllegalArgumentException("--vary makes more than " + MAX_VARIANTS + " combinations");
            }
        }
        combos.forEach(c -> out.add(new Variant(c)));
        return out;
    }

    private static void check(String key, String v) {
        try {
            if (key.equals("keepAlive")) {
                if (!v.equals("fixed") && !v.equals("histogram")) {
                    throw new IllegalArgumentException("--vary keepAlive=" + v + ": must be fixed or histogram");
                }
                return;
            }
            if (key.equals("idleTimeout")) {
                io.localfaas.loadtest.Durations.parse(v);
                return;
            }
            int n = Integer.parseInt(v);
            boolean ok = switch (key) {
                case "minInstances" -> n >= 0;
                case "maxInstances" -> n >= 1;
                default -> n >= 1 && n <= 200;
            };
            if (!ok) {
                throw new IllegalArgumentException("--vary " + key + "=" + v + ": out of range");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--vary " + key + "=" + v + ": not a whole number");
        }
    }
}
