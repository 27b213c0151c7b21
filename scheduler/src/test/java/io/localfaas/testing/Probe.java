package io.localfaas.testing;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.Invocation;
import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.BackendKind;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.PlatformSpec;
import io.localfaas.spec.Runtime;
import io.localfaas.spec.TriggerSpec;

/** The probe function (sample-functions/probe) as test specs, and requests to it. */
public final class Probe {
    public static final Path CODE = Path.of("..", "sample-functions", "probe").toAbsolutePath().normalize();
    public static final Path RUNTIMES = Path.of("..", "runtime-images").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Probe() {
    }

    /**
     * A probe function; {@code env} may set PROBE_INIT=fail|hang. Its initializationTimeout is 30 s (8 instances
     * starting at once on a busy machine must not time out), 1 s with PROBE_INIT=hang (the wait is the subject).
     */
    public static FunctionSpec function(String name, int concurrency, int min, int max, Duration idleTimeout, Duration timeout,
                                        int memoryMb, Map<String, String> env) {
        Duration initTimeout = "hang".equals(env.get("PROBE_INIT")) ? Duration.ofSeconds(1) : Duration.ofSeconds(30);
        return new FunctionSpec("probe", name, Runtime.NODEJS18, Optional.of(CODE), CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.of("index.initializer"), Optional.of("index.preStop"), initTimeout, timeout, memoryMb, concurrency,
                min, max, idleTimeout, env, List.of(new TriggerSpec("/" + name, java.util.Set.of("GET", "POST"))));
    }

    public static FunctionSpec function(String name, int concurrency, int min, int max) {
        return function(name, concurrency, min, max, Duration.ofMinutes(5), Duration.ofSeconds(10), 128, Map.of());
    }

    /** A probe whose initializer does {@code mode} ({@code fail} or {@code hang}; initializationTimeout 1 s for hang). */
    public static FunctionSpec withInitializer(String name, String mode) {
        return function(name, 1, 0, 2, Duration.ofMinutes(5), Duration.ofSeconds(10), 128, Map.of("PROBE_INIT", mode));
    }

    public static AppSpec app(PlatformSpec platform, FunctionSpec... functions) {
        return new AppSpec(Path.of("probe.yaml"), "probe", platform, List.of(functions));
    }

    public static PlatformSpec platform(int maxColdStarts, Duration maxQueueWait, int maxQueue) {
        return new PlatformSpec("127.0.0.1", 0, Duration.ofSeconds(30), maxQueueWait, maxColdStarts, BackendKind.AUTO, 50,
                Optional.empty(), maxQueue);
    }

    /** An HTTP-trigger request to the probe with a query such as {@code sleep=300}. */
    public static InvokeRequest request(String query) {
        String path = "/" + (query.isEmpty() ? "" : "?" + query);
        return new InvokeRequest(UUID.randomUUID().toString(), ControlPath.HTTP_INVOKE, "GET", path, Map.of(), new byte[0],
                Optional.of("127.0.0.1"), Optional.empty());
    }

    public static JsonNode body(Invocation inv) {
        try {
            return JSON.readTree(new String(inv.response().body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(inv.response().body(), StandardCharsets.UTF_8), e);
        }
    }

    /** Whether an exception is a timeout of the instance client (for tests that expect none). */
    public static boolean isTimeout(Throwable t) {
        return t instanceof HttpTimeoutException;
    }
}
