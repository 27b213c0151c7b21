package io.localfaas.runtime.java17;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the runtime reads from its environment at start (PROTOCOL.md §1).
 *
 * @param port        {@code FC_SERVER_PORT}; 0 picks a free port (tests)
 * @param codePath    {@code FC_FUNC_CODE_PATH}: a jar, a folder of jars, or a folder of classes with {@code lib/*.jar}
 * @param concurrency {@code FC_INSTANCE_CONCURRENCY}: size of the worker pool serving function calls
 * @param env         the whole environment, for the {@code Context} fallbacks
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
        Map<String, String> env) {

    public RuntimeConfig {
        env = Map.copyOf(env);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("FC_SERVER_PORT must be a port number, got: " + port);
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
        String rawPort = env.get("FC_SERVER_PORT");
        int port;
        try {
            port = Integer.parseInt(rawPort == null ? "" : rawPort.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("FC_SERVER_PORT must be a port number, got: " + rawPort);
        }
        int concurrency;
        try {
            concurrency = Math.max(1, Integer.parseInt(env.getOrDefault("FC_INSTANCE_CONCURRENCY", "1").trim()));
        } catch (NumberFormatException e) {
            concurrency = 1;
        }
        return new RuntimeConfig(
                nonBlank(env.get("FC_SERVER_HOST")).orElse("127.0.0.1"),
                port,
                Path.of(nonBlank(env.get("FC_FUNC_CODE_PATH")).orElse("/code")),
                nonBlank(env.get("FC_FUNCTION_HANDLER")).or(() -> nonBlank(env.get("FC_HANDLER"))).orElse(""),
                nonBlank(env.get("FC_INITIALIZER")).or(() -> nonBlank(env.get("FC_INITIALIZER_HANDLER"))),
                nonBlank(env.get("FC_PRE_STOP_HANDLER")),
                nonBlank(env.get("FC_PRE_FREEZE_HANDLER")),
                concurrency,
                env);
    }

    static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
