package io.localfaas.pool;

/**
 * Why an instance left its pool, as {@link io.localfaas.port.SchedulerListener#instanceRetired} reports it, and whether it
 * gets its pre-stop hook: an instance that crashed or timed out (it may still run the handler) is removed without.
 */
public enum RetireReason {
    CRASHED("crashed", false),
    TIMED_OUT("timed-out", false),
    IDLE("idle", true),
    SCALED_IN("scaled-in", true),
    ADMIN("admin", true),
    SHUTDOWN("shutdown", true),
    /** Its start or initializer failed: it never served and left nothing running. */
    START_FAILED("start-failed", false);

    private final String label;
    private final boolean preStop;

    RetireReason(String label, boolean preStop) {
        this.label = label;
        this.preStop = preStop;
    }

    /** The word the listener gets. */
    public String label() {
        return label;
    }

    public boolean preStop() {
        return preStop;
    }
}
