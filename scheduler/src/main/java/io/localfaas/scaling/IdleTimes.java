package io.localfaas.scaling;

import java.time.Duration;

/**
 * One function's idle times (from the end of its last request to the next arrival, while no request ran), counted in
 * {@value #BINS} log-spaced bins from 100 ms to 4 hours (each bin 6 % wider than the one before); longer ones are
 * counted as out of range. The data of {@link HistogramKeepAlive}; the pool records into it under its lock.
 */
public final class IdleTimes {
    static final int BINS = 200;
    static final double MIN_MILLIS = 100;
    static final double MAX_MILLIS = Duration.ofHours(4).toMillis();
    private static final double LOG_RATIO = Math.log(MAX_MILLIS / MIN_MILLIS) / BINS;

    private final long[] counts = new long[BINS];
    private long total;
    private long outOfRange;
    private long version;

    public void record(long idleMillis) {
        total++;
        version++;
        if (idleMillis > MAX_MILLIS) {
            outOfRange++;
            return;
        }
        counts[bin(idleMillis)]++;
    }

    static int bin(long idleMillis) {
        if (idleMillis <= MIN_MILLIS) {
            return 0;
        }
        return (int) Math.min(BINS - 1, Math.floor(Math.log(idleMillis / MIN_MILLIS) / LOG_RATIO));
    }

    /** The upper edge of bin i, ms. */
    static double upper(int i) {
        return MIN_MILLIS * Math.exp(LOG_RATIO * (i + 1));
    }

    /** The lower edge of bin i, ms (0 for the first). */
    static double lower(int i) {
        return i == 0 ? 0 : MIN_MILLIS * Math.exp(LOG_RATIO * i);
    }

    public long total() {
        return total;
    }

    public long outOfRange() {
        return outOfRange;
    }

    /** Changes with every record (for caching what is computed from the counts). */
    public long version() {
        return version;
    }

    /**
     * The coefficient of variation of the bin counts: high when the idle times gather in a few bins (a pattern the
     * policy can use), low when they spread evenly (no pattern). 0 without idle times.
     */
    public double binCv() {
        long inRange = total - outOfRange;
        if (inRange == 0) {
            return 0;
        }
        double mean = (double) inRange / BINS;
        double sq = 0;
        for (long c : counts) {
            sq += (c - mean) * (c - mean);
        }
        return Math.sqrt(sq / BINS) / mean;
    }

    /** The idle time below which {@code q} (0-1) of the in-range idle times fall, ms: a bin's lower edge for the head, upper for the tail. */
    public double percentile(double q, boolean upperEdge) {
        long inRange = total - outOfRange;
        if (inRange == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * inRange);
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return upperEdge ? upper(i) : lower(i);
            }
        }
        return MAX_MILLIS;
    }
}
