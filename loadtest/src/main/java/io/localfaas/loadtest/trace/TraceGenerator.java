package io.localfaas.loadtest.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Makes a synthetic trace with a seed (the same seed, the same trace): per-minute invocation counts of functions of
 * three kinds, in turn, as the "Serverless in the Wild" study found them in Azure's trace:
 * <ul>
 * <li>{@code diurnal-N}: a daily cycle (over the trace's length when it is shorter than a day), quiet at its start and
 * end, {@code peak} per minute at its middle, drawn from a Poisson law each minute;</li>
 * <li>{@code bursty-N}: a trickle (0.2-2 per minute), with bursts of 1-5 minutes at 3 x peak per minute, the gaps
 * between bursts exponential with a mean of 1-3 hours (a quarter of the trace at most);</li>
 * <li>{@code rare-N}: one invocation every P minutes (P from 3 to 60, at most a third of the trace; a timer), nothing
 * else.</li>
 * </ul>
 * Output: the Azure Functions 2019 shape (one row per function, a count per minute) or per-request CSV (time in
 * seconds from the start, function), the latter spread within each minute by {@link TraceReader.Spread}.
 */
public final class TraceGenerator {
    private TraceGenerator() {
    }

    /** One generated function: its name, trigger and count per minute. */
    public record Row(String name, String trigger, int[] perMinute) {
        public long total() {
            long n = 0;
            for (int c : perMinute) {
                n += c;
            }
            return n;
        }
    }

    public static List<Row> generate(int functions, int minutes, double peak, long seed) {
        if (functions < 1 || functions > 10_000) {
            throw new IllegalArgumentException("--functions must be 1-10000, not " + functions);
        }
        if (minutes < 1 || minutes > 14 * 1440) {
            throw new IllegalArgumentException("--minutes must be 1-" + 14 * 1440 + ", not " + minutes);
        }
        if (!(peak > 0 && peak <= 100_000)) {
            throw new IllegalArgumentException("--peak must be more than 0 and at most 100000 per minute, not " + peak);
        }
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < functions; i++) {
            Random r = new Random(seed * 7_919L + i);
            int[] n = new int[minutes];
            String name;
            String trigger;
            switch (i % 3) {
                case 0 -> {
                    name = "diurnal-" + (i / 3 + 1);
                    trigger = "http";
                    double top = peak * (0.5 + r.nextDouble());
                    int cycle = Math.min(1440, minutes);
                    for (int m = 0; m < minutes; m++) {
                        double phase = (m % cycle) / (double) cycle;
                        n[m] = poisson(top * (0.05 + 0.95 * (1 - Math.cos(2 * Math.PI * phase)) / 2), r);
                    }
                }
                case 1 -> {
                    name = "bursty-" + (i / 3 + 1);
                    trigger = "queue";
                    double trickle = 0.2 + 1.8 * r.nextDouble();
                    double meanGap = Math.min(60 + 120 * r.nextDouble(), Math.max(1, minutes / 4.0));
                    for (int m = 0; m < minutes; m++) {
                        n[m] = poisson(trickle, r);
                    }
                    for (double at = -Math.log(1 - r.nextDouble()) * meanGap; at < minutes; at += -Math.log(1 - r.nextDouble()) * meanGap) {
                        int len = 1 + r.nextInt(5);
                        for (int m = (int) at; m < Math.min(minutes, (int) at + len); m++) {
                            n[m] += poisson(3 * peak, r);
                        }
                        at += len;
                    }
                }
                default -> {
                    name = "rare-" + (i / 3 + 1);
                    trigger = "timer";
                    int period = 3 + r.nextInt(Math.max(1, Math.min(58, minutes / 3 - 2)));
                    for (int m = r.nextInt(period); m < minutes; m += period) {
                        n[m] = 1;
                    }
                }
            }
            out.add(new Row(name, trigger, n));
        }
        return out;
    }

    /** Knuth's method for small means, the normal approximation (rounded, at least 0) for large ones. */
    static int poisson(double mean, Random r) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** The Azure Functions 2019 shape: {@code HashOwner,HashApp,HashFunction,Trigger,1,...,MINUTES}. */
    public static void writeAzure(List<Row> rows, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int minutes = rows.get(0).perMinute().length;
            w.write("HashOwner,HashApp,HashFunction,Trigger");
            for (int m = 1; m <= minutes; m++) {
                w.write("," + m);
            }
            w.newLine();
            for (Row row : rows) {
                w.write("localfaas,generated," + row.name() + "," + row.trigger());
                for (int c : row.perMinute()) {
                    w.write("," + c);
                }
                w.newLine();
            }
        }
    }

    /** The rows as a trace, each minute's invocations spread by {@code spread}. */
    public static Trace trace(List<Row> rows, TraceReader.Spread spread, long seed) {
        return TraceReader.fromCounts(rows.stream().map(Row::name).toList(), rows.stream().map(Row::perMinute).toList(), spread, seed);
    }

    /** Per-request CSV ({@code time,function}, time in seconds from the start, ms precision). */
    public static void writeRequests(Trace trace, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("time,function");
            w.newLine();
            for (int k = 0; k < trace.size(); k++) {
                w.write(String.format(Locale.ROOT, "%.3f,%s", trace.offsetNanos(k) / 1e9, trace.functions().get(trace.function(k))));
                w.newLine();
            }
        }
    }
}
