package io.localfaas.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import io.localfaas.spec.PlatformSpec;

/**
 * The gateway's limits and timeouts. Defaults follow Function Compute: 32 MB bodies for sync invokes and HTTP
 * triggers, 128 KB for async invokes, 8 KB of request headers, 4 KB of path + query.
 *
 * @param requestParseTimeout how long a client may take to send its request line and headers (slow senders)
 * @param idleTimeout         how long a keep-alive connection may sit without a request
 * @param readTimeout         how long a body read, or a response write, may make no progress
 * @param maxConnections      open client connections kept; a new one past it closes the oldest idle ones ({@link ConnectionCap});
 *                            only when every one is busy does accepting pause
 * @param asyncQueueCapacity  async invocations waiting to run; a full queue answers 429 ResourceExhausted
 * @param asyncRetries        how often a failed async invocation is retried (FC: 3)
 * @param asyncBackoff        the first retry's delay; each further retry doubles it
 * @param adminToken          bearer token of the admin API; empty: the admin API answers 404
 * @param hostRouting         whether a request for {@code <function>.localhost} goes to that function at the root of
 *                            its path (FC 3.0's function URL), and one for a custom domain's name to its routes
 */
public record GatewayOptions(
        String host,
        int port,
        long maxBodyBytes,
        long maxAsyncBodyBytes,
        int maxHeaderBytes,
        int maxPathQueryBytes,
        Duration requestParseTimeout,
        Duration idleTimeout,
        Duration readTimeout,
        int maxConnections,
        int workerThreads,
        int asyncQueueCapacity,
        int asyncWorkers,
        int asyncRetries,
        Duration asyncBackoff,
        int asyncResultsKept,
        int deadLettersKept,
        Optional<String> adminToken,
        boolean hostRouting) {

    public static final long FC_MAX_BODY = 32L * 1024 * 1024;
    public static final long FC_MAX_ASYNC_BODY = 128L * 1024;

    public GatewayOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(adminToken, "adminToken");
        if (maxBodyBytes < 1 || maxAsyncBodyBytes < 1 || maxHeaderBytes < 1024 || maxPathQueryBytes < 256 || maxConnections < 1
                || workerThreads < 1 || asyncQueueCapacity < 1 || asyncWorkers < 1 || asyncRetries < 0 || asyncResultsKept < 1
                || deadLettersKept < 1) {
            throw new IllegalArgumentException("gateway limits out of range: " + this);
        }
    }

    public static GatewayOptions defaults(String host, int port) {
        return new GatewayOptions(host, port, FC_MAX_BODY, FC_MAX_ASYNC_BODY, 8 * 1024, 4 * 1024,
                Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(30), 2048, 256,
                1000, 8, 3, Duration.ofSeconds(1), 10_000, 1000, Optional.empty(), true);
    }

    /** The defaults, with the address, admin token and body limits of the {@code platform:} block. */
    public static GatewayOptions from(PlatformSpec platform) {
        return defaults(platform.host(), platform.port()).withAdminToken(platform.adminToken())
                .withBodyLimits(platform.maxBodyBytes(), platform.maxAsyncBodyBytes());
    }

    public GatewayOptions withAdminToken(Optional<String> token) {
        return new GatewayOptions(host, port, maxBodyBytes, maxAsyncBodyBytes, maxHeaderBytes, maxPathQueryBytes, requestParseTimeout,
                idleTimeout, readTimeout, maxConnections, workerThreads, asyncQueueCapacity, asyncWorkers, asyncRetries, asyncBackoff,
                asyncResultsKept, deadLettersKept, token, hostRouting);
    }

    public GatewayOptions withBodyLimits(long sync, long async) {
        return new GatewayOptions(host, port, sync, async, maxHeaderBytes, maxPathQueryBytes, requestParseTimeout,
                idleTimeout, readTimeout, maxConnections, workerThreads, asyncQueueCapacity, asyncWorkers, asyncRetries, asyncBackoff,
                asyncResultsKept, deadLettersKept, adminToken, hostRouting);
    }

    public GatewayOptions withTimeouts(Duration parse, Duration idle, Duration read) {
        return new GatewayOptions(host, port, maxBodyBytes, maxAsyncBodyBytes, maxHeaderBytes, maxPathQueryBytes, parse,
                idle, read, maxConnections, workerThreads, asyncQueueCapacity, asyncWorkers, asyncRetries, asyncBackoff,
                asyncResultsKept, deadLettersKept, adminToken, hostRouting);
    }

    public GatewayOptions withMaxConnections(int connections) {
        return new GatewayOptions(host, port, maxBodyBytes, maxAsyncBodyBytes, maxHeaderBytes, maxPathQueryBytes, requestParseTimeout,
                idleTimeout, readTimeout, connections, workerThreads, asyncQueueCapacity, asyncWorkers, asyncRetries, asyncBackoff,
                asyncResultsKept, deadLettersKept, adminToken, hostRouting);
    }

    public GatewayOptions withAsync(int queueCapacity, int workers, int retries, Duration backoff) {
        return new GatewayOptions(host, port, maxBodyBytes, maxAsyncBodyBytes, maxHeaderBytes, maxPathQueryBytes, requestParseTimeout,
                idleTimeout, readTimeout, maxConnections, workerThreads, queueCapacity, workers, retries, backoff,
                asyncResultsKept, deadLettersKept, adminToken, hostRouting);
    }

    public GatewayOptions withHostRouting(boolean on) {
        return new GatewayOptions(host, port, maxBodyBytes, maxAsyncBodyBytes, maxHeaderBytes, maxPathQueryBytes, requestParseTimeout,
                idleTimeout, readTimeout, maxConnections, workerThreads, asyncQueueCapacity, asyncWorkers, asyncRetries, asyncBackoff,
                asyncResultsKept, deadLettersKept, adminToken, on);
    }
}
