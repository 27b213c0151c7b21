package io.localfaas.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.localfaas.spec.AppSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;

/**
 * {@code --debug FUNCTION[:PORT]}: the function runs one instance, started at once and kept, with FC's longest timeouts
 * (600 s per request, 300 s for the initializer: localfaas cannot tell when a debugger holds a breakpoint, so the limits
 * are extended rather than suspended), and its runtime listens for a debugger on a loopback port: the Node inspector
 * ({@code NODE_OPTIONS=--inspect=127.0.0.1:PORT}, default 9229) or the JVM's JDWP agent ({@code JAVA_TOOL_OPTIONS=
 * -agentlib:jdwp=...,address=127.0.0.1:PORT}, default 5005). Instances use host networking, so the port is the host's.
 */
record DebugTarget(String function, int port) {
    static final Duration TIMEOUT = Duration.ofSeconds(600);
    static final Duration INIT_TIMEOUT = Duration.ofSeconds(300);
    static final Duration IDLE = Duration.ofHours(24);

    /** {@code FUNCTION} or {@code FUNCTION:PORT}; empty (the caller says why) when malformed. Pure. */
    static Optional<DebugTarget> parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return text.isBlank() ? Optional.empty() : Optional.of(new DebugTarget(text, 0));
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            return port >= 1 && port <= 65535 && colon > 0 ? Optional.of(new DebugTarget(text.substring(0, colon), port)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The port, or the runtime's usual one (9229 Node, 5005 JVM). */
    int portFor(Runtime runtime) {
        return port != 0 ? port : runtime == Runtime.JAVA17 ? 5005 : 9229;
    }

    /** {@code app} with this function set up for a debugger; a problem message when it cannot be. */
    AppSpec apply(AppSpec app) throws IllegalArgumentException {
        FunctionSpec fn = app.function(function).orElseThrow(() -> new IllegalArgumentException("--debug " + function + ": no such function (functions: "
                + String.join(", ", app.functions().stream().map(FunctionSpec::name).toList()) + ")"));
        int p = portFor(fn.runtime());
        Map<String, String> env = new LinkedHashMap<>(fn.environment());
        switch (fn.runtime()) {
            case NODEJS18 -> env.merge("NODE_OPTIONS", "--inspect=127.0.0.1:" + p, (a, b) -> a + " " + b);
            case JAVA17 -> env.merge("JAVA_TOOL_OPTIONS", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:" + p,
                    (a, b) -> a + " " + b);
            default -> throw new IllegalArgumentException("--debug " + function + ": a " + fn.runtime().id()
                    + " function cannot be debugged by localfaas (start your image's own debugger)");
        }
        FunctionSpec debug = fn.withEnvironment(env).withLimits(1, 1, TIMEOUT, INIT_TIMEOUT, IDLE);
        List<FunctionSpec> functions = new ArrayList<>();
        for (FunctionSpec f : app.functions()) {
            functions.add(f.name().equals(function) ? debug : f);
        }
        return new AppSpec(app.source(), app.service(), app.platform(), functions, app.timers());
    }

    /** What to tell the user: where the debugger listens and how to attach. */
    List<String> howToAttach(Runtime runtime) {
        int p = portFor(runtime);
        if (runtime == Runtime.JAVA17) {
            return List.of("debugging " + function + ": the JVM's JDWP agent listens on 127.0.0.1:" + p
                            + " (one instance; timeouts extended to 600 s, initializer 300 s)",
                    "  IntelliJ: Run > Edit Configurations > Remote JVM Debug, host 127.0.0.1, port " + p,
                    "  VS Code (launch.json): {\"type\": \"java\", \"request\": \"attach\", \"name\": \"" + function
                            + "\", \"hostName\": \"127.0.0.1\", \"port\": " + p + "}");
        }
        return List.of("debugging " + function + ": the Node inspector listens on 127.0.0.1:" + p
                        + " (one instance; timeouts extended to 600 s, initializer 300 s)",
                "  VS Code (launch.json): {\"type\": \"node\", \"request\": \"attach\", \"name\": \"" + function
                        + "\", \"address\": \"127.0.0.1\", \"port\": " + p + ", \"localRoot\": \"${workspaceFolder}\", \"remoteRoot\": \"/code\"}",
                "  Chrome: chrome://inspect, Configure... 127.0.0.1:" + p + "; or curl http://127.0.0.1:" + p + "/json/list");
    }
}
