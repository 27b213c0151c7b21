package io.localfaas.loadtest.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An invocation trace: requests in time order, each with the trace function it calls (a name, or a path that starts
 * with {@code /}), and where the trace has them a duration and a body. Kept in primitive arrays (a day of 50 busy
 * functions is millions of requests). Immutable; build one with {@link Builder}.
 */
public final class Trace {
    /** The most requests a trace may hold. */
    public static final int MAX_REQUESTS = 20_000_000;

    private final List<String> functions;
    private final long[] offsetNanos;
    private final int[] function;
    private final double[] durationMs;
    private final String[] bodies;

    private Trace(List<String> functions, long[] offsetNanos, int[] function, double[] durationMs, String[] bodies) {
        this.functions = List.copyOf(functions);
        this.offsetNanos = offsetNanos;
        this.function = function;
        this.durationMs = durationMs;
        this.bodies = bodies;
    }

    /** The trace's functions, by index (first appearance order). */
    public List<String> functions() {
        return functions;
    }

    public int size() {
        return offsetNanos.length;
    }

    /** When request {@code k} is due, from the trace's first request. */
    public long offsetNanos(int k) {
        return offsetNanos[k];
    }

    /** The index into {@link #functions()} of request {@code k}. */
    public int function(int k) {
        return function[k];
    }

    /** The duration the trace gives request {@code k}, in ms. */
    public Optional<Double> durationMs(int k) {
        return durationMs == null || Double.isNaN(durationMs[k]) ? Optional.empty() : Optional.of(durationMs[k]);
    }

    /** The body the trace gives request {@code k}, or null. */
    public String body(int k) {
        return bodies == null ? null : bodies[k];
    }

    /** From the first request to the last. */
    public Duration span() {
        return offsetNanos.length == 0 ? Duration.ZERO : Duration.ofNanos(offsetNanos[offsetNanos.length - 1]);
    }

    /** Requests per function, by name, in the order of {@link #functions()}. */
    public Map<String, Long> counts() {
        long[] n = new long[functions.size()];
        for (int f : function) {
            n[f]++;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < n.length; i++) {
            out.put(functions.get(i), n[i]);
        }
        return out;
    }

    /**
     * Collects requests in any order (times in nanoseconds on any origin; the trace starts at the earliest) and sorts
     * them, stable for equal times.
     */
    public static final class Builder {
        private final Map<String, Integer> index = new LinkedHashMap<>();
        private long[] times = new long[1024];
        private int[] fns = new int[1024];
        private double[] durations;
        private String[] bodies;
        private int size;
        private boolean sorted = true;
        private Long origin;

        /** Time zero of the trace (default: its earliest request), for formats with a start of their own. */
        public Builder origin(long timeNanos) {
            origin = timeNanos;
            return this;
        }

        public Builder add(long timeNanos, String fn, double durationMs, String body) {
            if (size == MAX_REQUESTS) {
                throw new IllegalArgumentException("the trace holds more than " + MAX_REQUESTS + " requests; cut it to fewer functions or a shorter time");
            }
            if (size == times.length) {
                int n = (int) Math.min(MAX_REQUESTS, (long) size * 2);
                times = Arrays.copyOf(times, n);
                fns = Arrays.copyOf(fns, n);
                durations = durations == null ? null : Arrays.copyOf(durations, n);
                bodies = bodies == null ? null : Arrays.copyOf(bodies, n);
            }
            if (!Double.isNaN(durationMs) && durations == null) {
                durations = new double[times.length];
                Arrays.fill(durations, 0, size, Double.NaN);
            }
            if (body != null && bodies == null) {
                bodies = new String[times.length];
            }
            sorted &= size == 0 || times[size - 1] <= timeNanos;
            times[size] = timeNanos;
            fns[size] = index.computeIfAbsent(fn, k -> index.size());
            if (durations != null) {
                durations[size] = durationMs;
            }
            if (bodies != null) {
                bodies[size] = body;
            }
            size++;
            return this;
        }

        /** A function that exists even with no request (a trace row of zeros). */
        public Builder function(String fn) {
            index.computeIfAbsent(fn, k -> index.size());
            return this;
        }

        public Trace build() {
            Integer[] order = null;
            if (!sorted) {
                order = new Integer[size];
                for (int i = 0; i < size; i++) {
                    order[i] = i;
                }
                long[] t = times;
                Arrays.sort(order, (a, b) -> Long.compare(t[a], t[b]));
            }
            long first = size == 0 ? 0 : order == null ? times[0] : times[order[0]];
            long zero = origin != null ? Math.min(origin, first) : first;
            long[] outT = new long[size];
            int[] outF = new int[size];
            double[] outD = durations == null ? null : new double[size];
            String[] outB = bodies == null ? null : new String[size];
            for (int i = 0; i < size; i++) {
                int k = order == null ? i : order[i];
                outT[i] = times[k] - zero;
                outF[i] = fns[k];
                if (outD != null) {
                    outD[i] = durations[k];
                }
                if (outB != null) {
                    outB[i] = bodies[k];
                }
            }
            return new Trace(new ArrayList<>(index.keySet()), outT, outF, outD, outB);
        }
    }
}
