package io.localfaas.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * Platform settings from the {@code platform:} block.
 *
 * @param host            address the gateway listens on (loopback by default)
 * @param port            gateway port; 0 picks a free one
 * @param startTimeout    how long a new instance may take to accept connections
 * @param maxQueueWait    how long a request may wait for a free slot
 * @param maxColdStarts   cold starts that may run at once, platform-wide
 */
public record PlatformSpec(String host, int port, Duration startTimeout, Duration maxQueueWait, int maxColdStarts) {
    public static final PlatformSpec DEFAULTS = new PlatformSpec("127.0.0.1", 8080, Duration.ofSeconds(30), Duration.ofSeconds(60), 4);

    public PlatformSpec {
        Objects.requireNonNull(host, "host");
        SpecViolation.require(port >= 0 && port <= 65535, "port", port, "must be 0-65535");
        SpecViolation.require(maxColdStarts >= 1, "maxColdStarts", maxColdStarts, "must be >= 1");
        SpecViolation.require(Durations.positive(startTimeout), "startTimeout", Durations.format(startTimeout), "must be positive");
        SpecViolation.require(Durations.positive(maxQueueWait), "maxQueueWait", Durations.format(maxQueueWait), "must be positive");
    }

    public PlatformSpec withAddress(String newHost, int newPort) {
        return new PlatformSpec(newHost, newPort, startTimeout, maxQueueWait, maxColdStarts);
    }
}
