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
}
