package io.localfaas.port;

import java.time.Duration;

/**
 * A snapshot of the image cache, for metrics.
 *
 * @param hits           lookups served by a cached image (no build)
 * @param misses         lookups that had to build (or found the image in the engine without a cache entry)
 * @param builds         images built successfully
 * @param buildFailures  builds that failed
 * @param totalBuildTime time spent in successful and failed builds
 * @param evictions      entries evicted by the size bound
 * @param removed        images removed from the engine after eviction
 * @param size           images currently cached
 */
public record ImageCacheStats(long hits, long misses, long builds, long buildFailures, Duration totalBuildTime, long evictions,
                              long removed, long size) {
}
