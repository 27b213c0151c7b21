package io.localfaas.port;

import java.time.Instant;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one instance used at one moment; each metric absent when its backend cannot tell (or has one reading only, for
 * CPU).
 *
 * @param cpu         CPU used over the last readings, as a fraction of the instance's CPU share (1.0 = the whole share)
 * @param cpuCores    the same in cores (1.0 = one core busy)
 * @param memoryBytes memory working set
 * @param memory      working set as a fraction of the memory limit
 * @param diskBytes   bytes used in the instance's writable areas
 */
public record InstanceMetrics(String instanceId, Instant at, OptionalDouble cpu, OptionalDouble cpuCores, OptionalLong memoryBytes,
                              OptionalDouble memory, OptionalLong diskBytes) {
}
