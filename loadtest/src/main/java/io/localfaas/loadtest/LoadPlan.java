package io.localfaas.loadtest;

import java.time.Duration;

/**
 * How to load: {@code open} (levels are requests per second, sent on schedule whatever the server does) or closed
 * (levels are clients, each sending its next request when the previous one is answered), the staged profile
 * (which also bounds the time), a bound on requests, and the forced cold starts.
 *
 * @param forceColdEvery retire the function's instances this often during the run (zero: never)
 */
public record LoadPlan(boolean open, Stages stages, long maxRequests, boolean forceColdAtStart, Duration forceColdEvery, String label,
                       Replay replay) {
    public static final long MAX_REQUESTS = 100_000_000L;

    public LoadPlan(boolean open, Stages stages, long maxRequests, boolean forceColdAtStart, Duration forceColdEvery, String label) {
        this(open, stages, maxRequests, forceColdAtStart, forceColdEvery, label, null);
    }

    /**
     * An open-loop replay of a trace, bounded by {@code maxDuration} (the replay's own length when shorter) and by
     * {@code maxRequests}.
     */
    public static LoadPlan replay(Replay replay, Duration maxDuration, long maxRequests, String label) {
        Duration length = replay.length().plusMillis(1);
        Duration d = length.compareTo(maxDuration) < 0 ? length : maxDuration;
        if (d.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("the replay lasts " + Durations.format(replay.length()) + " at this --speed; a run lasts at most"
                    + " 1 hour: raise --speed or lower --duration");
        }
        return new LoadPlan(true, Stages.constant(d, 1), maxRequests, false, Duration.ZERO, label, replay);
    }

    public LoadPlan {
        if (maxRequests < 1 || maxRequests > MAX_REQUESTS) {
            throw new IllegalArgumentException("--requests must be 1-" + MAX_REQUESTS + ", not " + maxRequests);
        }
        if (stages.total().compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("a run lasts at most 1 hour, not " + Durations.format(stages.total()));
        }
        if (!open && stages.maxLevel() > 10_000) {
            throw new IllegalArgumentException("at most 10000 clients, not " + (long) stages.maxLevel());
        }
        if (forceColdEvery.isNegative()) {
            throw new IllegalArgumentException("--force-cold-every must be positive");
        }
    }

    public LoadPlan withLabel(String l) {
        return new LoadPlan(open, stages, maxRequests, forceColdAtStart, forceColdEvery, l, replay);
    }

    public LoadPlan withStages(Stages s) {
        return new LoadPlan(open, s, maxRequests, forceColdAtStart, forceColdEvery, label, replay);
    }
}
