package io.localfaas.port;

import java.util.List;


/**
 * An immutable view of the whole scheduler at one moment, for metrics and the admin API: per function the instances
 * by state, requests executing and waiting, and the pool's counters; platform-wide the cold starts running and
 * waiting for a permit. Taking one holds each function's lock briefly, one function at a time (the functions are
 * each consistent, not with each other).
 */
public record SchedulerSnapshot(List<FunctionSnapshot> functions, int coldStartsRunning, int coldStartsWaiting,
                                int maxColdStarts) {
    public SchedulerSnapshot {
        functions = List.copyOf(functions);
    }
}
