package io.localfaas.port;

import java.util.List;
import java.util.Optional;

import io.localfaas.spec.FunctionSpec;

/**
 * What the gateway sees of the platform's core besides calls: the functions served, read-only snapshots of the pools
 * and instances (admin API, dashboard, gauges), an instance's output, and the two admin actions (retire every instance,
 * change instanceConcurrency). Implemented by the scheduler.
 */
public interface Platform {
    /** The port every call to an instance goes through. */
    Calls calls();

    /** The functions served; the same list object until a reload changes them (callers may cache by identity). */
    List<FunctionSpec> functions();

    /** Whether {@code function} is served now. */
    boolean serves(String function);

    /** Every pool at one moment. */
    SchedulerSnapshot snapshot();

    /** An instance's latest CPU, memory and disk figures; empty before its first reading or once it is gone. */
    Optional<InstanceMetrics> instanceMetrics(String instanceId);

    /** What the watermark policy last decided for {@code function}; empty under the concurrency policy. */
    Optional<Desired> watermarkDesired(String function);

    /** Retires every instance of {@code function} (forces cold starts); how many. */
    int retireAll(String function);

    /** Restarts {@code function}'s pool with another instanceConcurrency, as a reload that changes only that value. */
    Reload instanceConcurrency(String function, int value);

    /** The last {@code lines} lines of an instance's output; empty when the instance is gone. Never throws. */
    String instanceLogs(String function, String instanceId, int lines);
}
