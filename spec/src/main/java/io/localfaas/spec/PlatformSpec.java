package io.localfaas.spec;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Platform settings from the {@code platform:} block.
 *
 * @param host            address the gateway listens on (loopback by default)
 * @param port            gateway port; 0 picks a free one
 * @param startTimeout    how long a new instance may take to accept connections
 * @param maxQueueWait    how long a request may wait for a free slot
 * @param maxColdStarts   cold starts that may run at once, platform-wide
 * @param backend         which engine runs instances
 * @param imageCacheSize  function images kept by the image cache (code mode image)
 * @param adminToken      bearer token of the admin API under /system/; empty: the admin API is off
 * @param maxQueue        requests of one function that may wait for a slot once it runs maxInstances; beyond that
 *                        a request is throttled (429) at once
 * @param maxBodyBytes    largest request body of a sync invocation or HTTP trigger (FC: 32 MB)
 * @param maxAsyncBodyBytes largest event of an async invocation (FC: 128 KB)
 * @param stemCells       pre-started stem cells per runtime in use on the docker backend (docs/stem-cells.md); 0: off
 */
public record PlatformSpec(String host, int port, Duration startTimeout, Duration maxQueueWait, int maxColdStarts,
                           BackendKind backend, int imageCacheSize, Optional<String> adminToken, int maxQueue, int maxBodyBytes,
                           int maxAsyncBodyBytes, int stemCells) {
    /** Default of {@link #maxQueue()}. */
    public static final int DEFAULT_MAX_QUEUE = 100;
    public static final int FC_MAX_BODY_BYTES = 32 * 1024 * 1024;
    public static final int FC_MAX_ASYNC_BODY_BYTES = 128 * 1024;
    /** The most stem cells per runtime that {@link #stemCells()} (and {@code faas up --stem-cells}) may ask for. */
    public static final int MAX_STEM_CELLS = 16;
    public static final PlatformSpec DEFAULTS = new PlatformSpec("127.0.0.1", 8080, Duration.ofSeconds(30), Duration.ofSeconds(60), 4,
            BackendKind.AUTO, 50, Optional.empty(), DEFAULT_MAX_QUEUE);

    public PlatformSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(backend, "backend");
        SpecViolation.Checks c = new SpecViolation.Checks();
        c.require(imageCacheSize >= 1, "imageCacheSize", imageCacheSize, "must be >= 1");
        c.require(adminToken.isEmpty() || adminToken.get().length() >= 16, "adminToken", "(" + adminToken.map(String::length).orElse(0)
                + " characters)", "must have at least 16 characters");
        c.require(port >= 0 && port <= 65535, "port", port, "must be 0-65535");
        c.require(maxQueue >= 0, "maxQueue", maxQueue, "must be >= 0");
        c.require(maxColdStarts >= 1, "maxColdStarts", maxColdStarts, "must be >= 1");
        c.require(Durations.positive(startTimeout), "startTimeout", Durations.format(startTimeout), "must be positive");
        c.require(Durations.positive(maxQueueWait), "maxQueueWait", Durations.format(maxQueueWait), "must be positive");
        c.require(maxBodyBytes >= 1, "maxBodyBytes", maxBodyBytes, "must be >= 1");
        c.require(maxAsyncBodyBytes >= 1, "maxAsyncBodyBytes", maxAsyncBodyBytes, "must be >= 1");
        c.require(stemCells >= 0 && stemCells <= MAX_STEM_CELLS, "stemCells", stemCells,
                "must be off or a number of stem cells per runtime from 1 to " + MAX_STEM_CELLS);
        c.throwIfAny();
    }

    /** Stem cells off. */
    public PlatformSpec(String host, int port, Duration startTimeout, Duration maxQueueWait, int maxColdStarts,
                        BackendKind backend, int imageCacheSize, Optional<String> adminToken, int maxQueue, int maxBodyBytes,
                        int maxAsyncBodyBytes) {
        this(host, port, startTimeout, maxQueueWait, maxColdStarts, backend, imageCacheSize, adminToken, maxQueue, maxBodyBytes,
                maxAsyncBodyBytes, 0);
    }

    /** With FC's body limits. */
    public PlatformSpec(String host, int port, Duration startTimeout, Duration maxQueueWait, int maxColdStarts,
                        BackendKind backend, int imageCacheSize, Optional<String> adminToken, int maxQueue) {
        this(host, port, startTimeout, maxQueueWait, maxColdStarts, backend, imageCacheSize, adminToken, maxQueue, FC_MAX_BODY_BYTES,
                FC_MAX_ASYNC_BODY_BYTES);
    }

    /** Without {@code maxQueue} and body limits: the defaults apply. */
    public PlatformSpec(String host, int port, Duration startTimeout, Duration maxQueueWait, int maxColdStarts,
                        BackendKind backend, int imageCacheSize, Optional<String> adminToken) {
        this(host, port, startTimeout, maxQueueWait, maxColdStarts, backend, imageCacheSize, adminToken, DEFAULT_MAX_QUEUE);
    }

    public PlatformSpec withStartTimeout(Duration newStartTimeout) {
        return new PlatformSpec(host, port, newStartTimeout, maxQueueWait, maxColdStarts, backend, imageCacheSize, adminToken, maxQueue,
                maxBodyBytes, maxAsyncBodyBytes, stemCells);
    }

    public PlatformSpec withAddress(String newHost, int newPort) {
        return new PlatformSpec(newHost, newPort, startTimeout, maxQueueWait, maxColdStarts, backend, imageCacheSize, adminToken, maxQueue,
                maxBodyBytes, maxAsyncBodyBytes, stemCells);
    }
}
