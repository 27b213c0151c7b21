package io.localfaas.port;

/**
 * Totals of one function's pool since the platform started (monotonic; a metrics exporter reports them as counters).
 *
 * @param served        requests that got a slot on an instance
 * @param coldServed    of those, requests that waited for a new instance (paid a cold start)
 * @param throttled     requests refused with THROTTLED (queue full or wait over)
 * @param started       instances that became ready
 * @param startFailures instances that failed to start or initialize (discarded)
 * @param crashed       instances that died or dropped a connection while serving
 * @param timedOut      requests that ran past the function timeout
 * @param retiredIdle   instances retired after idleTimeout
 */
public record PoolCounters(long served, long coldServed, long throttled, long started, long startFailures, long crashed,
                           long timedOut, long retiredIdle) {
}
