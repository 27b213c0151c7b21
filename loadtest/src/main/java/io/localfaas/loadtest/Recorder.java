package io.localfaas.loadtest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * Aggregates {@link Outcome}s (from the client's I/O threads) and samples into a {@link Report}. Everything it keeps
 * is bounded: histograms, one bucket per second up to {@link #MAX_SECONDS}, at most {@link #MAX_POINTS} points per
 * series. Latencies are recorded in microseconds.
 */
public final class Recorder {
    static final int MAX_SECONDS = 3600;
    static final int MAX_POINTS = 20_000;
    private static final long MAX_MICROS = 3_600_000_000L;
    static final List<String> PHASES = List.of("image", "wait", "create", "start", "listen", "specialise", "init", "total");

    private final Histogram all = histogram(3);
    private final Histogram cold = histogram(3);
    private final Histogram warm = histogram(3);
    private final Histogram queueWait = histogram(3);
    private final Histogram service = histogram(3);
    private final Map<String, Histogram> phases = new LinkedHashMap<>();
    private final Map<String, Long> byStatus = new TreeMap<>();
    private final Map<String, Long> byErrorType = new TreeMap<>();
    private final Set<String> instancesSeen = new HashSet<>();
    private final List<Bucket> seconds = new ArrayList<>();
    private final List<Report.Point> coldPoints = new ArrayList<>();
    private final List<Report.Level> inflight = new ArrayList<>();
    private final List<Report.Instances> instances = new ArrayList<>();
    private long requests;
    private long errors;
    private long transportErrors;
    private long coldCount;
    /** Cold starts by kind ({@code stem}, {@code boot}), from their breakdown. */
    private final Map<String, Long> coldKinds = new TreeMap<>();
    private int maxInstances = -1;
    private double memoryMbSeconds = -1;
    private long lastProgressRequests;

    /** Most functions a trace replay reports on, and minutes per function series. */
    static final int MAX_FUNCTIONS = 1000;
    static final int MAX_BUCKETS = 3600;
    private final Map<String, PerFunction> functions = new TreeMap<>();
    private int bucketSeconds = 60;

    /** The width of the per-function series' buckets, in seconds (default 60). */
    public synchronized void functionBuckets(int seconds) {
        bucketSeconds = Math.max(1, seconds);
    }

    private static final class PerFunction {
        long requests;
        long errors;
        long cold;
        final Histogram latency = histogram(2);
        final List<Long> perBucket = new ArrayList<>();
        final List<Long> coldPerBucket = new ArrayList<>();
        final List<Double> startMs = new ArrayList<>();

        void record(Outcome o, long micros, int bucketSeconds) {
            requests++;
            errors += o.error() ? 1 : 0;
            cold += o.cold() ? 1 : 0;
            latency.recordValue(micros);
            int bucket = (int) Math.min(MAX_BUCKETS - 1, Math.max(0, o.endNanos() / (bucketSeconds * 1_000_000_000L)));
            while (perBucket.size() <= bucket) {
                perBucket.add(0L);
                coldPerBucket.add(0L);
            }
            perBucket.set(bucket, perBucket.get(bucket) + 1);
            if (o.cold()) {
                coldPerBucket.set(bucket, coldPerBucket.get(bucket) + 1);
                Long total = parseBreakdown(o.breakdown()).get("total");
                if (total != null && startMs.size() < MAX_POINTS) {
                    startMs.add((double) total);
                }
            }
        }
    }

    private static final class Bucket {
        long requests;
        long errors;
        long cold;
        final Histogram latency = histogram(2);
    }

    private static Histogram histogram(int digits) {
        return new Histogram(1, MAX_MICROS, digits);
    }

    public synchronized void record(Outcome o) {
        long micros = Math.min(MAX_MICROS, Math.max(1, o.latencyNanos() / 1000));
        requests++;
        all.recordValue(micros);
        if (o.function() != null && (functions.size() < MAX_FUNCTIONS || functions.containsKey(o.function()))) {
            functions.computeIfAbsent(o.function(), f -> new PerFunction()).record(o, micros, bucketSeconds);
        }
        boolean error = o.error();
        if (error) {
            errors++;
        }
        if (o.status() == 0) {
            transportErrors++;
        } else {
            byStatus.merge(Integer.toString(o.status()), 1L, Long::sum);
        }
        if (o.errorType() != null) {
            byErrorType.merge(o.errorType(), 1L, Long::sum);
        }
        if (o.instance() != null && instancesSeen.size() < MAX_POINTS) {
            instancesSeen.add(o.instance());
        }
        if (o.cold()) {
            coldCount++;
            cold.recordValue(micros);
            if (coldPoints.size() < MAX_POINTS) {
                coldPoints.add(new Report.Point(round(o.endNanos() / 1e9), round(micros / 1000.0)));
            }
            coldKinds.merge(Report.ColdStarts.kind(o.breakdown()), 1L, Long::sum);
            parseBreakdown(o.breakdown()).forEach((phase, ms) ->
                    phases.computeIfAbsent(phase, p -> histogram(3)).recordValue(Math.min(MAX_MICROS, Math.max(0, ms * 1000))));
        } else if (o.status() != 0) {
            warm.recordValue(micros);
        }
        Long qw = parseMillis(o.queueWait());
        if (qw != null) {
            queueWait.recordValue(Math.min(MAX_MICROS, Math.max(0, qw * 1000)));
            if (o.status() != 0) {
                service.recordValue(Math.max(1, micros - Math.max(0, qw * 1000)));
            }
        }
        int second = (int) Math.min(MAX_SECONDS - 1, Math.max(0, o.endNanos() / 1_000_000_000L));
        while (seconds.size() <= second) {
            seconds.add(new Bucket());
        }
        Bucket b = seconds.get(second);
        b.requests++;
        b.latency.recordValue(micros);
        if (error) {
            b.errors++;
        }
        if (o.cold()) {
            b.cold++;
        }
    }

    public synchronized void inflight(long tNanos, int n) {
        if (inflight.size() < MAX_POINTS) {
            inflight.add(new Report.Level(round(tNanos / 1e9), n));
        }
    }

    /** One admin sample; {@code memorySize} in MB (0 when unknown), {@code intervalNanos} since the previous sample. */
    public synchronized void instances(long tNanos, int total, int ready, int starting, int memorySize, long intervalNanos) {
        if (instances.size() < MAX_POINTS) {
            instances.add(new Report.Instances(round(tNanos / 1e9), total, ready, starting));
        }
        maxInstances = Math.max(maxInstances, total);
        if (memorySize > 0) {
            memoryMbSeconds = Math.max(0, memoryMbSeconds) + (double) total * memorySize * intervalNanos / 1e9;
        }
    }

    /** What the progress line shows: requests, errors, requests since the last call, p99 so far (ms), instances. */
    public synchronized Progress progress() {
        long since = requests - lastProgressRequests;
        lastProgressRequests = requests;
        int inst = instances.isEmpty() ? instancesSeen.size() : instances.get(instances.size() - 1).total();
        return new Progress(requests, errors, since, all.getTotalCount() == 0 ? 0 : all.getValueAtPercentile(99) / 1000.0, inst);
    }

    public record Progress(long requests, long errors, long sinceLast, double p99Ms, int instances) {
    }

    public synchronized long requests() {
        return requests;
    }

    public synchronized Report report(String label, Report.Target target, Report.Load load, String startedAt, double durationSeconds) {
        Map<String, Report.Percentiles> phaseOut = new LinkedHashMap<>();
        for (String p : PHASES) {
            Histogram h = phases.get(p);
            if (h != null) {
                phaseOut.put(p, percentiles(h));
            }
        }
        List<Report.Second> timeline = new ArrayList<>();
        for (int i = 0; i < seconds.size(); i++) {
            Bucket b = seconds.get(i);
            boolean any = b.latency.getTotalCount() > 0;
            timeline.add(new Report.Second(i, b.requests, b.errors, b.cold,
                    any ? ms(b.latency.getValueAtPercentile(50)) : 0, any ? ms(b.latency.getValueAtPercentile(99)) : 0,
                    any ? ms(b.latency.getMaxValue()) : 0));
        }
        return new Report(Report.SCHEMA, label, target, load, startedAt, round(durationSeconds), requests, errors, transportErrors,
                durationSeconds <= 0 ? 0 : round(requests / durationSeconds), Map.copyOf(byStatus), Map.copyOf(byErrorType),
                new Report.Latencies(percentiles(all), percentiles(cold), percentiles(warm)),
                new Report.ColdStarts(coldCount, phaseOut, coldKinds), percentiles(queueWait), instancesSeen.size(), maxInstances,
                round(memoryMbSeconds), timeline, List.copyOf(coldPoints), List.copyOf(inflight), List.copyOf(instances), bins(all),
                List.of(), perFunction(), percentiles(service));
    }

    private Map<String, Report.FunctionLoad> perFunction() {
        Map<String, Report.FunctionLoad> out = new LinkedHashMap<>();
        functions.forEach((name, f) -> out.put(name, new Report.FunctionLoad(f.requests, f.errors, f.cold, percentiles(f.latency), bucketSeconds,
                List.copyOf(f.perBucket), List.copyOf(f.coldPerBucket), List.copyOf(f.startMs))));
        return out;
    }

    static Report.Percentiles percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return Report.Percentiles.EMPTY;
        }
        return new Report.Percentiles(h.getTotalCount(), round(h.getMean() / 1000), ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    /** Log-spaced bins (x1.25 from 0.1 ms) over the non-empty range of {@code h}. */
    static List<Report.Bin> bins(Histogram h) {
        List<Report.Bin> out = new ArrayList<>();
        if (h.getTotalCount() == 0) {
            return out;
        }
        long max = h.getMaxValue();
        double lo = 0;
        double hi = 100;
        while (lo <= max && out.size() < 200) {
            long n = h.getCountBetweenValues((long) Math.floor(lo) + 1, (long) Math.floor(hi));
            if (lo == 0) {
                n = h.getCountBetweenValues(0, (long) Math.floor(hi));
            }
            if (n > 0 || !out.isEmpty()) {
                out.add(new Report.Bin(round(hi / 1000), n));
            }
            lo = hi;
            hi = hi * 1.25;
        }
        while (!out.isEmpty() && out.get(out.size() - 1).count() == 0) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** {@code image=3ms;wait=0ms;...} to phase -> milliseconds; unknown or malformed parts are skipped. */
    static Map<String, Long> parseBreakdown(String header) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (header == null) {
            return out;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                Long v = parseMillis(part.substring(eq + 1));
                if (v != null) {
                    out.put(part.substring(0, eq).trim(), v);
                }
            }
        }
        return out;
    }

    static Long parseMillis(String v) {
        if (v == null) {
            return null;
        }
        String s = v.trim();
        if (s.endsWith("ms")) {
            s = s.substring(0, s.length() - 2);
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
