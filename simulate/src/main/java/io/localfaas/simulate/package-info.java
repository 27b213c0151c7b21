/**
 * {@code faas simulate}: replays a trace through the scheduler's real {@link io.localfaas.pool.FunctionPool}s and
 * scaling policies on a virtual clock ({@link io.localfaas.simulate.VirtualTime}), with a launcher whose start and call
 * durations are drawn from measured figures ({@link io.localfaas.simulate.DurationDistribution}), and reports per function
 * requests, cold starts, added latency, instance- and memory-seconds, peak instances and throttled requests, for the
 * configuration as written and a grid of variants ({@link io.localfaas.simulate.Grid}), with the cheapest variant that
 * meets a target ({@link io.localfaas.simulate.Recommendation}).
 * <p>
 * Depends on spec, scheduler and loadtest (traces, reports); nothing depends on it but {@code app}. No threads, no I/O
 * in the simulation itself.
 */
package io.localfaas.simulate;
