package io.localfaas.loadtest;

/**
 * One request as the load generator saw it. Times are {@code System.nanoTime()}-based, relative to the run's start.
 *
 * @param intendedNanos when the request should have been sent (open loop: by the schedule; closed loop: = sentNanos)
 * @param status        HTTP status, 0 when no response came (transport failure)
 * @param errorType     {@code x-fc-error-type}, or null
 * @param instance      {@code x-localfaas-instance}, or null
 * @param breakdown     {@code x-localfaas-start-breakdown}, or null
 * @param queueWait     {@code x-localfaas-queue-wait} (for example {@code 12ms}), or null
 * @param function      the local function of a trace replay's request, or null (not counted per function)
 */
public record Outcome(long intendedNanos, long sentNanos, long endNanos, int status, String errorType, boolean cold,
                      String instance, String breakdown, String queueWait, String function) {
    public Outcome(long intendedNanos, long sentNanos, long endNanos, int status, String errorType, boolean cold, String instance,
                   String breakdown, String queueWait) {
        this(intendedNanos, sentNanos, endNanos, status, errorType, cold, instance, breakdown, queueWait, null);
    }

    public long latencyNanos() {
        return Math.max(0, endNanos - intendedNanos);
    }

    public boolean error() {
        return status == 0 || status >= 400 || errorType != null;
    }
}
