package io.localfaas.loadtest;

import java.util.List;
import java.util.Map;

/**
 * The result of one load run; its JSON form (field names as here) is documented in loadtest/README.md and is stable:
 * fields may be added, none renamed or removed without changing {@link #SCHEMA}. Latencies are in milliseconds,
 * times ({@code t}) in seconds since the run started.
 *
 * @param requests        responses received plus transport failures (every request sent that ended)
 * @param errors          HTTP status >= 400, a function error ({@code x-fc-error-type} on a 200), or a transport failure
 * @param transportErrors requests that got no HTTP response (connection refused or reset, timeout)
 * @param throughput      requests per second over the run
 * @param instancesSeen   distinct {@code x-localfaas-instance} values in the responses
 * @param maxInstances    most instances the admin API reported at once (-1 without admin access)
 * @param memoryMbSeconds sum over the admin samples of instances x memorySize x sample interval (-1 without admin access)
 * @param thresholds      the {@code --threshold} rules evaluated on this run, in the order given (empty: none given)
 * @param functions       a trace replay's requests and cold starts per (local) function, by name (empty otherwise)
 * @param serviceMs       per answered request with {@code x-localfaas-queue-wait}: its latency minus its queue wait, the
 *                        time from getting a slot on an instance to the answer ({@code faas simulate}'s call durations)
 */
public record Report(
        String schema,
        String label,
        Target target,
        Load load,
        String startedAt,
        double durationSeconds,
        long requests,
        long errors,
        long transportErrors,
        double throughput,
        Map<String, Long> byStatus,
        Map<String, Long> byErrorType,
        Latencies latencyMs,
        ColdStarts coldStarts,
        Percentiles queueWaitMs,
        int instancesSeen,
        int maxInstances,
        double memoryMbSeconds,
        List<Second> timeline,
        List<Point> coldPoints,
        List<Level> inflight,
        List<Instances> instances,
        List<Bin> histogram,
        List<Threshold.Verdict> thresholds,
        Map<String, FunctionLoad> functions,
        Percentiles serviceMs) {
    public static final String SCHEMA = "localfaas-loadtest/1";

    /** What was loaded: the URL, method, and the function when known. */
    public record Target(String url, String method, String function) {
    }

    /**
     * How: {@code mode} "closed" (levels are clients) or "open" (levels are requests per second, latency measured from
     * the intended send time), the stage profile, the bounds, and when instances were retired on purpose.
     */
    public record Load(String mode, String stages, long maxRequests, int connections, double forceColdEverySeconds,
                       boolean forceColdAtStart) {
    }

    /** Latency percentiles of all requests, of those that paid a cold start, and of the others. */
    public record Latencies(Percentiles all, Percentiles cold, Percentiles warm) {
    }

    /**
     * Cold-start requests ({@code x-localfaas-cold-start: true}), the breakdown of their start per phase, and how many of
     * each kind: {@code stem} (a stem cell specialised: the breakdown has {@code specialise}) or {@code boot}.
     */
    public record ColdStarts(long count, Map<String, Percentiles> phasesMs, Map<String, Long> byKind) {
        public ColdStarts {
            byKind = byKind == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(byKind));
        }

        public ColdStarts(long count, Map<String, Percentiles> phasesMs) {
            this(count, phasesMs, Map.of());
        }

        /** The kind of a cold start from its breakdown header (null when there is none). Pure. */
        public static String kind(String breakdown) {
            return breakdown == null ? "boot" : (";" + breakdown).contains(";specialise=") ? "stem" : "boot";
        }
    }

    public record Percentiles(long count, double mean, double p50, double p90, double p95, double p99, double p999, double max) {
        public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * One function of a trace replay: requests sent to it, errors, cold starts, latency, and per bucket of the run
     * ({@code requestsPerBucket[i]} covers [i b, (i + 1) b) s by the time responses ended, b = {@code bucketSeconds}: 1
     * for a replay of 10 minutes or less, 60 beyond) its requests and cold starts; {@code startMs}: each cold start's
     * {@code total} phase in the order the cold requests ended (at most 20,000; {@code faas simulate --from-report}
     * replays them).
     */
    public record FunctionLoad(long requests, long errors, long coldStarts, Percentiles latencyMs, int bucketSeconds,
                               List<Long> requestsPerBucket, List<Long> coldPerBucket, List<Double> startMs) {
        public FunctionLoad {
            startMs = startMs == null ? List.of() : List.copyOf(startMs);
        }
    }

    public Report {
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        functions = functions == null ? Map.of() : Map.copyOf(functions);
        serviceMs = serviceMs == null ? Percentiles.EMPTY : serviceMs;
    }

    /** This report with the thresholds' verdicts. */
    public Report withThresholds(List<Threshold.Verdict> verdicts) {
        return new Report(schema, label, target, load, startedAt, durationSeconds, requests, errors, transportErrors, throughput, byStatus,
                byErrorType, latencyMs, coldStarts, queueWaitMs, instancesSeen, maxInstances, memoryMbSeconds, timeline, coldPoints,
                inflight, instances, histogram, verdicts, functions, serviceMs);
    }

    /** This report under another label. */
    public Report withLabel(String newLabel) {
        return new Report(schema, newLabel, target, load, startedAt, durationSeconds, requests, errors, transportErrors, throughput,
                byStatus, byErrorType, latencyMs, coldStarts, queueWaitMs, instancesSeen, maxInstances, memoryMbSeconds, timeline,
                coldPoints, inflight, instances, histogram, thresholds, functions, serviceMs);
    }

    /** Whether every threshold passed (true when there is none). */
    public boolean thresholdsPassed() {
        return thresholds.stream().allMatch(Threshold.Verdict::passed);
    }

    /** One second of the run, by the time responses ended. */
    public record Second(double t, long requests, long errors, long cold, double p50Ms, double p99Ms, double maxMs) {
    }

    /** A request that paid a cold start: when it ended and its latency. */
    public record Point(double t, double latencyMs) {
    }

    /** Requests in flight (sent, not yet answered) at time t. */
    public record Level(double t, int n) {
    }

    /** The function's instances at time t, from the admin API: all, ready, starting (starting or initializing). */
    public record Instances(double t, int total, int ready, int starting) {
    }

    /** Histogram bin: requests with latency in (previous bin's upToMs, upToMs]. */
    public record Bin(double upToMs, long count) {
    }

    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }
}
