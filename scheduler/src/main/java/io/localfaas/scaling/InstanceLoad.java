package io.localfaas.scaling;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the watermark policy sees of one instance: sampled metrics (each absent when the backend cannot report it or
 * has no sample yet) and its requests in flight.
 *
 * @param ready    serves requests (initializer done); a starting instance is counted but not measured
 * @param cpu      CPU used, as a fraction of the instance's CPU share (1.0 = the whole share)
 * @param memory   memory working set, as a fraction of the instance's limit
 * @param inflight requests running on the instance now
 */
public record InstanceLoad(boolean ready, OptionalDouble cpu, OptionalDouble memory, int inflight) {
    public InstanceLoad {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        if (inflight < 0 || cpu.orElse(0) < 0 || memory.orElse(0) < 0) {
            throw new IllegalArgumentException("negative load " + cpu + "/" + memory + "/" + inflight);
        }
    }

    /** An instance still starting: no metrics, no requests. */
    public static InstanceLoad starting() {
        return new InstanceLoad(false, OptionalDouble.empty(), OptionalDouble.empty(), 0);
    }
}
