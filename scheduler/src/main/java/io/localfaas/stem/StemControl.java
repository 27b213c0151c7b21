package io.localfaas.stem;

import java.time.Duration;
import java.util.Map;

import io.localfaas.backend.RunningInstance;

/** The one call the platform makes to a stem cell: {@code /specialise} (runtime-images/PROTOCOL.md §10). */
public interface StemControl {
    /**
     * Makes the stem cell {@code stem} (called with its own key) the function whose whole environment is
     * {@code environment}, the new instance key in {@code LOCALFAAS_INSTANCE_KEY} included.
     *
     * @throws io.localfaas.backend.InstanceStartException when it refuses, fails, or does not answer within {@code timeout}
     */
    void specialise(RunningInstance stem, Map<String, String> environment, Duration timeout);

    /**
     * Makes one call to the idle stem cell {@code stem} that leaves it as it is (a {@code /specialise} without a new key,
     * which it refuses with 400), so that the platform's own first use of this path (its HTTP client, JSON) is not paid
     * by the first cold start. Never throws.
     */
    default void warm(RunningInstance stem, Duration timeout) {
    }
}
