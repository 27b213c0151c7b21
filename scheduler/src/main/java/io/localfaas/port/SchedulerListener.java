package io.localfaas.port;

import io.localfaas.failure.PlatformException;
import io.localfaas.spec.FunctionSpec;

/**
 * Instance lifecycle events, for metrics, logs and the admin API. Called on scheduler threads, outside the pool's
 * lock; implementations must be quick and must not throw.
 */
public interface SchedulerListener {
    SchedulerListener NONE = new SchedulerListener() {
    };

    /** An instance listens and its initializer succeeded: it may serve. */
    default void instanceReady(FunctionSpec fn, String instanceId, ColdStart coldStart) {
    }

    /** An instance failed to start or initialize and was discarded. */
    default void instanceFailed(FunctionSpec fn, String instanceId, PlatformException failure) {
    }

    /** An instance was removed; {@code reason} says why (crashed, timed-out, idle, shutdown, …). */
    default void instanceRetired(FunctionSpec fn, String instanceId, String reason) {
    }
}
