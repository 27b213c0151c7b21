package io.localfaas.simulate;

/**
 * What one function saw in one simulation.
 *
 * @param requests        requests of the trace sent to it
 * @param coldStarts      of those, requests that waited for a new instance (as the pool counts {@code coldServed})
 * @param addedP50Ms      median of the time from arrival to a slot (queueing and cold starts), ms
 * @param addedP99Ms      its 99th percentile, ms
 * @param instanceSeconds the sum over time of the instances it held (starting ones included)
 * @param memoryGbSeconds instance-seconds x memorySize, GB*s (how FC bills)
 * @param peakInstances   most instances at once
 * @param throttled       requests refused (queue full, or no slot within maxQueueWait)
 */
public record FunctionResult(String function, long requests, long coldStarts, double addedP50Ms, double addedP99Ms, double instanceSeconds,
                             double memoryGbSeconds, int peakInstances, long throttled) {
    /** Cold starts in percent of requests. */
    public double coldPercent() {
        return requests == 0 ? 0 : 100.0 * coldStarts / requests;
    }
}
