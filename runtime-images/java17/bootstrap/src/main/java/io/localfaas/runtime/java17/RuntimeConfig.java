package io.localfaas.runtime.java17;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the runtime reads from its environment at start (PROTOCOL.md §1).
 *
 * @param port        {@code FC_SERVER_PORT}, or {@code PORT} (default 8080) standalone; 0 picks a free port (tests)
 * @param codePath    {@code FC_FUNC_CODE_PATH}: a jar, a folder of jars, or a folder of classes with {@code lib/*.jar}
 * @param concurrency {@code FC_INSTANCE_CONCURRENCY}: size of the worker pool serving function calls
 * @param env         the whole environment, for the {@code Context} fallbacks
 * @param standalone  {@code FC_STANDALONE}: running without a platform (PROTOCOL.md §9)
 * @param timeout     {@code FC_TIMEOUT}: standalone, how long a call in flight may finish after SIGTERM
 * @param initializationTimeout {@code FC_INITIALIZATION_TIMEOUT}: standalone, the initializer's bound
 * @param instanceKey the instance key (PROTOCOL.md §1a) every call must carry; empty: calls are not checked (standalone,
 *                    and tests that start the server in their own JVM; {@link Main} never serves the platform without one)
 */
public record RuntimeConfig(
        String host,
        int port,
        Path codePath,
        String handler,
        Optional<String> initializer,
        Optional<String> preStop,
        Optional<String> preFreeze,
        int concurrency,
        Map<String, String> env,
        Optional<Standalone> standalone,
        Duration timeout,
        Duration initializationTimeout,
        Optional<String> instanceKey) {

    public RuntimeConfig {
        env = Map.copyOf(env);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(portVariable(standalone) + " must be a port number, got: " + port);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("FC_INSTANCE_CONCURRENCY must be >= 1, got: " + concurrency);
        }
    }

    /**
     * Reads the configuration from an environment.
     *
     * @throws IllegalArgumentException when {@code FC_SERVER_PORT} is missing or not a port number
     */
    public static RuntimeConfig fromEnv(Map<String, String> env) {
        Optional<Standalone> standalone = Standalone.parse(env.get("FC_STANDALONE"));
        String rawPort = standalone.isPresent() ? env.getOrDefault("PORT", "8080") : env.get("FC_SERVER_PORT");
        int port;
        try {
            port = Integer.parseInt(rawPort == null ? "" : rawPort.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(portVariable(standalone) + " must be a port number, got: " + rawPort);
        }
        int concurrency;
        try {
            concurrency = Math.max(1, Integer.parseInt(env.getOrDefault("FC_INSTANCE_CONCURRENCY", "1").trim()));
        } catch (NumberFormatException e) {
            concurrency = 1;
        }
        return new RuntimeConfig(
                nonBlank(env.get("FC_SERVER_HOST")).orElse(standalone.isPresent() ? "0.0.0.0" : "127.0.0.1"),
                port,
                Path.of(nonBlank(env.get("FC_FUNC_CODE_PATH")).orElse("/code")),
                nonBlank(env.get("FC_FUNCTION_HANDLER")).or(() -> nonBlank(env.get("FC_HANDLER"))).orElse(""),
                nonBlank(env.get("FC_INITIALIZER")).or(() -> nonBlank(env.get("FC_INITIALIZER_HANDLER"))),
                nonBlank(env.get("FC_PRE_STOP_HANDLER")),
                nonBlank(env.get("FC_PRE_FREEZE_HANDLER")),
                concurrency,
                env,
                standalone,
                seconds(env, "FC_TIMEOUT"),
                seconds(env, "FC_INITIALIZATION_TIMEOUT"),
                Optional.empty());
    }

    /** This configuration, every call checked for {@code key}. */
    public RuntimeConfig withInstanceKey(String key) {
        return new RuntimeConfig(host, port, codePath, handler, initializer, preStop, preFreeze, concurrency, env, standalone, timeout,
                initializationTimeout, Optional.of(key));
    }

    private static String portVariable(Optional<Standalone> standalone) {
        return standalone.isPresent() ? "PORT" : "FC_SERVER_PORT";
    }

    /** A whole number of seconds from the environment; FC's default of 3 s when absent or not a positive number. */
    private static Duration seconds(Map<String, String> env, String name) {
        try {
            long s = Long.parseLong(env.getOrDefault(name, "3").trim());
            return Duration.ofSeconds(s > 0 ? s : 3);
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(3);
        }
    }

    static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
