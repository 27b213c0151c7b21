package io.localfaas.loadtest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.localfaas.loadtest.trace.Trace;

/**
 * A trace as an open-loop schedule: request k of the trace is due at its offset divided by {@code speed}, sent to the
 * target of the local function its trace function maps to ({@link #mapping}); requests of unmapped trace functions are
 * left out. A request with a body in the trace sends that body instead of the target's.
 */
public final class Replay {
    private final Trace trace;
    private final double speed;
    private final Map<String, String> mapping;
    private final int[] kept;
    private final HttpTarget[] targets;
    private final String[] locals;
    private final String label;

    /**
     * @param byFunction the request to send for each local function the mapping names
     * @param label   what the report calls the load ({@code trace FILE x SPEED})
     */
    public Replay(Trace trace, double speed, Map<String, String> mapping, Map<String, HttpTarget> byFunction, String label) {
        if (!(speed > 0 && speed <= 1_000_000)) {
            throw new IllegalArgumentException("--speed must be more than 0 and at most 1000000, not " + speed);
        }
        this.trace = trace;
        this.speed = speed;
        this.mapping = Map.copyOf(mapping);
        this.label = label;
        int fns = trace.functions().size();
        this.targets = new HttpTarget[fns];
        this.locals = new String[fns];
        for (int i = 0; i < fns; i++) {
            String local = mapping.get(trace.functions().get(i));
            if (local != null) {
                locals[i] = local;
                targets[i] = byFunction.get(local);
                if (targets[i] == null) {
                    throw new IllegalArgumentException("no target for local function " + local);
                }
            }
        }
        int n = 0;
        int[] keep = new int[trace.size()];
        for (int k = 0; k < trace.size(); k++) {
            if (locals[trace.function(k)] != null) {
                keep[n++] = k;
            }
        }
        this.kept = java.util.Arrays.copyOf(keep, n);
        if (n == 0) {
            throw new IllegalArgumentException("no request of the trace maps to a local function (trace functions: "
                    + String.join(", ", trace.functions().subList(0, Math.min(10, fns))) + (fns > 10 ? ", ..." : "") + "; use --map or --functions)");
        }
    }

    /**
     * Which local function serves each trace function: {@code --map T=L} first; then, with {@code --functions}, the
     * other trace functions in turn onto those local functions, the busiest trace function first (ties by name);
     * without {@code --functions}, a trace function whose name is a local function's keeps it. Pure.
     *
     * @param counts     requests per trace function
     * @param explicit   {@code --map}: trace function to local function
     * @param functions  {@code --functions}: local functions to spread the others over (may be empty)
     * @param localNames the platform's functions (the names a trace function may keep)
     */
    public static Map<String, String> mapping(Map<String, Long> counts, Map<String, String> explicit, List<String> functions,
                                              java.util.Set<String> localNames) {
        for (String t : explicit.keySet()) {
            if (!counts.containsKey(t)) {
                throw new IllegalArgumentException("--map " + t + "=...: the trace has no function " + t);
            }
        }
        Map<String, String> out = new LinkedHashMap<>(explicit);
        List<String> rest = new ArrayList<>(counts.keySet());
        rest.removeAll(explicit.keySet());
        rest.sort(Comparator.comparing((String t) -> -counts.get(t)).thenComparing(Comparator.naturalOrder()));
        int next = 0;
        for (String t : rest) {
            if (!functions.isEmpty()) {
                out.put(t, functions.get(next++ % functions.size()));
            } else if (localNames.contains(t)) {
                out.put(t, t);
            }
        }
        return out;
    }

    public Map<String, String> mapping() {
        return mapping;
    }

    /** Requests to send. */
    public int size() {
        return kept.length;
    }

    /** When the k-th request to send is due, from the start of the run. */
    public long sendTimeNanos(int k) {
        return (long) (trace.offsetNanos(kept[k]) / speed);
    }

    /** The request to send k-th: the local function's target, with the trace's body where it has one. */
    public HttpTarget target(int k) {
        HttpTarget t = targets[trace.function(kept[k])];
        String body = trace.body(kept[k]);
        return body == null ? t : new HttpTarget(t.url(), t.method(), t.headers(), body.getBytes(StandardCharsets.UTF_8), t.function());
    }

    /** The local function of the k-th request. */
    public String function(int k) {
        return locals[trace.function(kept[k])];
    }

    /** How long the replay lasts: the last request's send time. */
    public Duration length() {
        return Duration.ofNanos(sendTimeNanos(kept.length - 1));
    }

    /** Requests to send per local function. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (int k = 0; k < kept.length; k++) {
            out.merge(function(k), 1L, Long::sum);
        }
        return out;
    }

    @Override
    public String toString() {
        return label;
    }
}
