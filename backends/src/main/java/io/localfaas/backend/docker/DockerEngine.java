package io.localfaas.backend.docker;

import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.localfaas.backend.BackendUnavailableException;

/**
 * The one Docker engine everything talks to: its host, a bounded client (every response within a timeout) for
 * ordinary calls, and a streaming client (no response timeout, which would cut a stream that stays silent for a while)
 * for log follows and stats streams. Built once by the composition root and handed to {@link DockerBackend},
 * {@link DockerImages} and, through the backend, the log follower and the stats streams, so that an explicit host
 * reaches every one of them. Building it connects to nothing; {@link #ping()} asks the engine.
 */
public final class DockerEngine implements AutoCloseable {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_CONNECTIONS = 64;
    /** Log follows and stats streams, each holding a connection for an instance's life. */
    private static final int MAX_STREAMS = DockerStats.MAX_STREAMS + DockerLogFollower.MAX_FOLLOWS;

    private final String host;
    private final DockerClient client;
    private final DockerClient streaming;

    private DockerEngine(DockerClientConfig config, Duration responseTimeout) {
        this.host = config.getDockerHost().toString();
        this.client = DockerClientImpl.getInstance(config, http(config, MAX_CONNECTIONS).responseTimeout(responseTimeout).build());
        this.streaming = DockerClientImpl.getInstance(config, http(config, MAX_STREAMS).build());
    }

    private static ApacheDockerHttpClient.Builder http(DockerClientConfig config, int maxConnections) {
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(CONNECT_TIMEOUT);
    }

    /** The engine named by {@code DOCKER_HOST} (default {@code unix:///var/run/docker.sock}). */
    public static DockerEngine fromEnvironment() {
        return new DockerEngine(DefaultDockerClientConfig.createDefaultConfigBuilder().build(), RESPONSE_TIMEOUT);
    }

    /** The engine at {@code host} (for example {@code tcp://127.0.0.1:2375}), whatever {@code DOCKER_HOST} says. */
    public static DockerEngine at(String host) {
        return at(host, RESPONSE_TIMEOUT);
    }

    /** The engine at {@code host}, every response of the bounded client within {@code responseTimeout}. */
    public static DockerEngine at(String host, Duration responseTimeout) {
        return new DockerEngine(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build(), responseTimeout);
    }

    public String host() {
        return host;
    }

    /** For calls that end: every response within the response timeout. */
    DockerClient client() {
        return client;
    }

    /** For long-lived responses (log follows, stats streams): connect timeout only. */
    DockerClient streaming() {
        return streaming;
    }

    /**
     * Asks the engine whether it answers; returns this engine.
     *
     * @throws BackendUnavailableException when it does not, saying how to start one
     */
    public DockerEngine ping() {
        EngineCalls.call(host, "ping", () -> client.pingCmd().exec());
        return this;
    }

    /**
     * Pings; closes this engine and throws when it does not answer. Returns it otherwise (for the callers that own it).
     */
    public DockerEngine pingOrClose() {
        try {
            return ping();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Whether the engine answers a ping (bounded by the client's timeouts). */
    public boolean answers() {
        try {
            ping();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (DockerClient c : new DockerClient[] {client, streaming}) {
            try {
                c.close();
            } catch (Exception e) {
                // closing a client that never connected
            }
        }
    }
}
